-- Countries become ISO 3166-1 alpha-2 codes (member.country holds the code, or '' when none was
-- given). What a member had typed that names no country is kept here, for admins to read and fix,
-- by the Java migration V171 that converts the column's free text.
CREATE TABLE country_unmapped (
  member_id BIGINT PRIMARY KEY REFERENCES member(id) ON DELETE CASCADE,
  original_text VARCHAR(200) NOT NULL,
  recorded_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- An organisation as admins merged it: one name, and the names members typed for it ("IOM",
-- "OIM", "IOM Rome"), so that analytics count it once. Members' own text is left as they wrote it.
CREATE TABLE organisation (
  id BIGSERIAL PRIMARY KEY,
  name VARCHAR(200) NOT NULL UNIQUE,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE organisation_alias (
  -- the alias folded (case, accents and spacing ignored), as Organisations.fold makes it
  folded VARCHAR(200) PRIMARY KEY,
  alias VARCHAR(200) NOT NULL,
  organisation_id BIGINT NOT NULL REFERENCES organisation(id) ON DELETE CASCADE
);
CREATE INDEX organisation_alias_organisation ON organisation_alias (organisation_id);
