-- The resource library: working papers, learning briefs, reports, toolkits, project pages, news,
-- events and funding opportunities, across discussions.

-- Topics are tags from a list the moderators keep; a resource carries any number of them.
CREATE TABLE resource_topic (
  id BIGSERIAL PRIMARY KEY,
  -- lower-case key used in URLs and filters (topic=remittances)
  code VARCHAR(60) NOT NULL UNIQUE,
  name VARCHAR(200) NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE resource (
  id BIGSERIAL PRIMARY KEY,
  title VARCHAR(300) NOT NULL,
  -- Markdown source and its sanitised rendering
  summary TEXT NOT NULL DEFAULT '',
  summary_html TEXT NOT NULL DEFAULT '',
  -- one of a fixed list: working_paper, learning_brief, report, toolkit, project_page, news, event, funding
  kind VARCHAR(30) NOT NULL,
  -- ISO 639-1 code of the title and summary ('und' when unknown)
  language VARCHAR(8) NOT NULL DEFAULT 'und',
  -- when the authors published it (may be unknown) and when it was posted here
  published_on DATE,
  posted_on DATE NOT NULL,
  -- the member to write to about it, when one was chosen
  contact_id BIGINT REFERENCES member(id) ON DELETE SET NULL,
  -- published (everyone reads it), suggested (a member's proposal waiting for a moderator) or rejected
  status VARCHAR(20) NOT NULL,
  suggested_by BIGINT REFERENCES member(id) ON DELETE SET NULL,
  created_by BIGINT REFERENCES member(id) ON DELETE SET NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
  published_at TIMESTAMP WITH TIME ZONE,
  published_by BIGINT REFERENCES member(id) ON DELETE SET NULL
);
CREATE INDEX resource_status_idx ON resource(status, posted_on);

CREATE TABLE resource_author (
  id BIGSERIAL PRIMARY KEY,
  resource_id BIGINT NOT NULL REFERENCES resource(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  name VARCHAR(200) NOT NULL,
  organisation VARCHAR(200) NOT NULL DEFAULT '',
  bio VARCHAR(4000) NOT NULL DEFAULT '',
  -- set when the author is a member here
  member_id BIGINT REFERENCES member(id) ON DELETE SET NULL
);
CREATE INDEX resource_author_resource_idx ON resource_author(resource_id, position);

-- ISO 3166-1 alpha-2 codes
CREATE TABLE resource_country (
  resource_id BIGINT NOT NULL REFERENCES resource(id) ON DELETE CASCADE,
  country VARCHAR(2) NOT NULL,
  PRIMARY KEY (resource_id, country)
);

CREATE TABLE resource_topic_link (
  resource_id BIGINT NOT NULL REFERENCES resource(id) ON DELETE CASCADE,
  topic_id BIGINT NOT NULL REFERENCES resource_topic(id) ON DELETE CASCADE,
  PRIMARY KEY (resource_id, topic_id)
);

CREATE TABLE resource_file (
  id BIGSERIAL PRIMARY KEY,
  resource_id BIGINT NOT NULL REFERENCES resource(id) ON DELETE CASCADE,
  blob_sha256 VARCHAR(64) NOT NULL REFERENCES blob(sha256),
  filename VARCHAR(255) NOT NULL,
  content_type VARCHAR(100) NOT NULL,
  size_bytes BIGINT NOT NULL,
  downloads BIGINT NOT NULL DEFAULT 0,
  -- the words of a PDF or plain-text file, for search (null when not readable)
  extracted_text TEXT,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX resource_file_resource_idx ON resource_file(resource_id);

CREATE TABLE resource_link (
  id BIGSERIAL PRIMARY KEY,
  resource_id BIGINT NOT NULL REFERENCES resource(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  url VARCHAR(2000) NOT NULL,
  label VARCHAR(300) NOT NULL DEFAULT ''
);

-- "Save" on a resource: a member's favourites, counted on the resource.
CREATE TABLE resource_save (
  resource_id BIGINT NOT NULL REFERENCES resource(id) ON DELETE CASCADE,
  member_id BIGINT NOT NULL REFERENCES member(id) ON DELETE CASCADE,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (resource_id, member_id)
);
CREATE INDEX resource_save_member_idx ON resource_save(member_id, created_at);

-- Comments on a resource, moderated like contributions.
CREATE TABLE resource_comment (
  id BIGSERIAL PRIMARY KEY,
  resource_id BIGINT NOT NULL REFERENCES resource(id) ON DELETE CASCADE,
  author_id BIGINT NOT NULL REFERENCES member(id) ON DELETE CASCADE,
  body TEXT NOT NULL,
  body_html TEXT NOT NULL,
  language VARCHAR(8) NOT NULL DEFAULT 'und',
  -- pending, approved, rejected or deleted
  status VARCHAR(20) NOT NULL,
  reject_reason VARCHAR(2000),
  -- web or email
  source VARCHAR(10) NOT NULL,
  message_id VARCHAR(998) UNIQUE,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
  decided_at TIMESTAMP WITH TIME ZONE,
  decided_by BIGINT REFERENCES member(id) ON DELETE SET NULL
);
CREATE INDEX resource_comment_resource_idx ON resource_comment(resource_id, status, created_at);

-- Members who want a mail for each new resource (a reply to it is a comment).
CREATE TABLE library_subscription (
  member_id BIGINT PRIMARY KEY REFERENCES member(id) ON DELETE CASCADE,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- A discussion's background documents are resources of the library.
CREATE TABLE discussion_resource (
  discussion_id BIGINT NOT NULL REFERENCES discussion(id) ON DELETE CASCADE,
  resource_id BIGINT NOT NULL REFERENCES resource(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (discussion_id, resource_id)
);
CREATE INDEX discussion_resource_resource_idx ON discussion_resource(resource_id);

-- [jooq ignore start]
-- Every background document becomes a published report named after its file, attached to its
-- discussion in upload order, and queued for search.
ALTER TABLE resource ADD COLUMN from_document BIGINT;
INSERT INTO resource (title, kind, language, posted_on, status, created_by, created_at, updated_at,
                      published_at, published_by, from_document)
SELECT coalesce(nullif(regexp_replace(dd.filename, '\.[A-Za-z0-9]{1,5}$', ''), ''), dd.filename),
       'report', d.language, (dd.created_at AT TIME ZONE 'UTC')::date, 'published', dd.uploaded_by,
       dd.created_at, dd.created_at, dd.created_at, dd.uploaded_by, dd.id
FROM discussion_document dd JOIN discussion d ON d.id = dd.discussion_id
ORDER BY dd.id;
INSERT INTO resource_file (resource_id, blob_sha256, filename, content_type, size_bytes, created_at)
SELECT r.id, dd.blob_sha256, dd.filename, dd.content_type, dd.size_bytes, dd.created_at
FROM resource r JOIN discussion_document dd ON dd.id = r.from_document;
INSERT INTO discussion_resource (discussion_id, resource_id, position, created_at)
SELECT dd.discussion_id, r.id,
       row_number() OVER (PARTITION BY dd.discussion_id ORDER BY dd.id), dd.created_at
FROM resource r JOIN discussion_document dd ON dd.id = r.from_document;
INSERT INTO search_outbox (entity_type, entity_id, created_at)
SELECT 'resource', r.id, r.created_at FROM resource r WHERE r.from_document IS NOT NULL;
ALTER TABLE resource DROP COLUMN from_document;
-- [jooq ignore stop]
DROP TABLE discussion_document;
