-- A counter per discussion, raised in the same transaction as every change that can alter one of
-- its pages. Servers keep rendered pages in memory under a key that holds this number, so a page is
-- never served after a change committed by any server process: the next reader sees the new number
-- and renders again.
CREATE TABLE page_version (
  discussion_id BIGINT PRIMARY KEY REFERENCES discussion(id) ON DELETE CASCADE,
  version BIGINT NOT NULL
);

-- [jooq ignore start]
-- Nothing to raise for a discussion being deleted (its rows go by cascade after it).
CREATE FUNCTION page_version_bump(d BIGINT) RETURNS VOID AS $$
  INSERT INTO page_version (discussion_id, version)
    SELECT d, 1 WHERE EXISTS (SELECT 1 FROM discussion WHERE id = d)
  ON CONFLICT (discussion_id) DO UPDATE SET version = page_version.version + 1;
$$ LANGUAGE sql;

-- The discussion of an entity as search_outbox and translation name it.
CREATE FUNCTION page_version_discussion_of(kind VARCHAR, entity BIGINT) RETURNS BIGINT AS $$
  SELECT CASE kind
    WHEN 'discussion' THEN entity
    WHEN 'contribution' THEN (SELECT discussion_id FROM contribution WHERE id = entity)
    WHEN 'theme' THEN (SELECT discussion_id FROM theme WHERE id = entity)
    WHEN 'reply' THEN (SELECT discussion_id FROM consolidated_reply WHERE id = entity)
  END;
$$ LANGUAGE sql;

-- The triggers below are deferred to the commit: the counter's row lock, which orders writers of one
-- discussion, is then held for the commit only, not for the rest of each writing transaction.

-- Rows holding a discussion_id: contributions, themes, consolidated replies, moderator lists,
-- documents. A trigger on each table, not a call in each service, so that no write path (a
-- moderation decision, an import, a scheduled publication, code written later) can forget it.
CREATE FUNCTION page_version_from_row() RETURNS TRIGGER AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    PERFORM page_version_bump(OLD.discussion_id);
  END IF;
  IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.discussion_id IS DISTINCT FROM OLD.discussion_id) THEN
    PERFORM page_version_bump(NEW.discussion_id);
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER contribution_page_version AFTER INSERT OR DELETE OR UPDATE ON contribution
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION page_version_from_row();
CREATE CONSTRAINT TRIGGER theme_page_version AFTER INSERT OR DELETE OR UPDATE ON theme
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION page_version_from_row();
CREATE CONSTRAINT TRIGGER consolidated_reply_page_version AFTER INSERT OR DELETE OR UPDATE ON consolidated_reply
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION page_version_from_row();
CREATE CONSTRAINT TRIGGER discussion_moderator_page_version AFTER INSERT OR DELETE OR UPDATE ON discussion_moderator
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION page_version_from_row();
CREATE CONSTRAINT TRIGGER discussion_document_page_version AFTER INSERT OR DELETE OR UPDATE ON discussion_document
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION page_version_from_row();

CREATE FUNCTION page_version_from_discussion() RETURNS TRIGGER AS $$
BEGIN
  PERFORM page_version_bump(NEW.id);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER discussion_page_version AFTER UPDATE ON discussion
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION page_version_from_discussion();

CREATE FUNCTION page_version_from_attachment() RETURNS TRIGGER AS $$
BEGIN
  PERFORM page_version_bump(page_version_discussion_of('contribution',
    CASE WHEN TG_OP = 'DELETE' THEN OLD.contribution_id ELSE NEW.contribution_id END));
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER contribution_attachment_page_version AFTER INSERT OR DELETE OR UPDATE ON contribution_attachment
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION page_version_from_attachment();

CREATE FUNCTION page_version_from_translation() RETURNS TRIGGER AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    PERFORM page_version_bump(page_version_discussion_of(OLD.entity_type, OLD.entity_id));
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM page_version_bump(page_version_discussion_of(NEW.entity_type, NEW.entity_id));
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER translation_page_version AFTER INSERT OR DELETE OR UPDATE ON translation
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION page_version_from_translation();

-- Pages show authors' and moderators' names, organisations and places: a profile change reaches
-- every discussion the member wrote in or moderates.
CREATE FUNCTION page_version_from_member() RETURNS TRIGGER AS $$
BEGIN
  PERFORM page_version_bump(x.discussion_id)
    FROM (SELECT discussion_id FROM contribution WHERE author_id = NEW.id
          UNION SELECT discussion_id FROM discussion_moderator WHERE member_id = NEW.id) x
    ORDER BY x.discussion_id;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER member_page_version AFTER UPDATE ON member
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD IS DISTINCT FROM NEW) EXECUTE FUNCTION page_version_from_member();
-- [jooq ignore stop]
