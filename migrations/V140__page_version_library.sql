-- Pages of a discussion also show its background documents (library resources attached to it) and
-- the weeks' summaries: a change to either raises the discussion's page version (see V080), so a
-- shared page is never served after it.

-- [jooq ignore start]
CREATE CONSTRAINT TRIGGER discussion_resource_page_version AFTER INSERT OR DELETE OR UPDATE ON discussion_resource
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION page_version_from_row();
CREATE CONSTRAINT TRIGGER week_summary_page_version AFTER INSERT OR DELETE OR UPDATE ON week_summary
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION page_version_from_row();

-- A resource's title, kind or summary is shown on every discussion page that uses it.
CREATE FUNCTION page_version_from_resource() RETURNS TRIGGER AS $$
BEGIN
  PERFORM page_version_bump(dr.discussion_id)
    FROM discussion_resource dr WHERE dr.resource_id = COALESCE(NEW.id, OLD.id);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER resource_page_version AFTER UPDATE ON resource
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD IS DISTINCT FROM NEW)
  EXECUTE FUNCTION page_version_from_resource();
-- [jooq ignore stop]
