-- A counter per discussion, raised in the same transaction as every change that can alter one of
-- its pages. Servers keep rendered pages in memory under a key that holds this number, so a page is
-- never served after a change committed by any server process: the next reader sees the new number
-- and renders again.
CREATE TABLE page_version (
  discussion_id BIGINT PRIMARY KEY REFERENCES discussion(id) ON DELETE CASCADE,
  version BIGINT NOT NULL
);

-- [jooq ignore start]
CREATE FUNCTION page_version_bump(d BIGINT) RETURNS VOID AS $$
  INSERT INTO page_version (discussion_id, version)
    SELECT d, 1 WHERE EXISTS (SELECT 1 FROM discussion WHERE id = d)
  ON CONFLICT (discussion_id) DO UPDATE SET version = page_version.version + 1;
$$ LANGUAGE sql;

-- Every change of something a page shows is already recorded in search_outbox (contributions and
-- their approval, edits, translations, themes, discussions, consolidated replies): one trigger
-- there covers all of them, including paths written later.
CREATE FUNCTION page_version_from_outbox() RETURNS TRIGGER AS $$
DECLARE
  d BIGINT;
BEGIN
  d := CASE NEW.entity_type
    WHEN 'discussion' THEN NEW.entity_id
    WHEN 'contribution' THEN (SELECT discussion_id FROM contribution WHERE id = NEW.entity_id)
    WHEN 'theme' THEN (SELECT discussion_id FROM theme WHERE id = NEW.entity_id)
    WHEN 'reply' THEN (SELECT discussion_id FROM consolidated_reply WHERE id = NEW.entity_id)
  END;
  IF d IS NOT NULL THEN
    PERFORM page_version_bump(d);
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER search_outbox_page_version AFTER INSERT ON search_outbox
  FOR EACH ROW EXECUTE FUNCTION page_version_from_outbox();

-- Pages show authors' and moderators' names, organisations and places: a profile change reaches
-- every discussion the member wrote in or moderates.
CREATE FUNCTION page_version_from_member() RETURNS TRIGGER AS $$
BEGIN
  PERFORM page_version_bump(x.discussion_id)
    FROM (SELECT discussion_id FROM contribution WHERE author_id = NEW.id
          UNION SELECT discussion_id FROM discussion_moderator WHERE member_id = NEW.id) x;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER member_page_version AFTER UPDATE ON member
  FOR EACH ROW WHEN (OLD IS DISTINCT FROM NEW) EXECUTE FUNCTION page_version_from_member();

-- Moderator lists and documents are shown on the discussion's pages too.
CREATE FUNCTION page_version_from_discussion_row() RETURNS TRIGGER AS $$
BEGIN
  PERFORM page_version_bump(CASE WHEN TG_OP = 'DELETE' THEN OLD.discussion_id ELSE NEW.discussion_id END);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER discussion_moderator_page_version AFTER INSERT OR UPDATE OR DELETE ON discussion_moderator
  FOR EACH ROW EXECUTE FUNCTION page_version_from_discussion_row();
CREATE TRIGGER discussion_document_page_version AFTER INSERT OR UPDATE OR DELETE ON discussion_document
  FOR EACH ROW EXECUTE FUNCTION page_version_from_discussion_row();
-- [jooq ignore stop]
