-- Run once by the postgres image on a new data volume (files in /docker-entrypoint-initdb.d).
-- Each service owns its own database; all of them belong to the one application role here.
CREATE ROLE micro LOGIN PASSWORD 'micro';

CREATE DATABASE micro_ingestion OWNER micro;
CREATE DATABASE micro_rerun OWNER micro;
CREATE DATABASE micro_prlock OWNER micro;
CREATE DATABASE micro_runnerbroker OWNER micro;
