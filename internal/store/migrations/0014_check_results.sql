-- The checks' results, stored per unit and computed again only for the
-- units a write touches (store.RefreshChecks, checks.Owner): a unit is a
-- subject (population, acting and receiving state, unit, metric), a
-- people (the same without the metric: its cohorts), or the key of a
-- parent no one can see that subgroups name. Nothing here is data: every
-- row can be computed again from the figures and sources.

-- One people's figures (and one subject's: the metric follows) read by
-- index, with the status the audience filters on.
CREATE INDEX figures_people ON figures (population, acting_state, receiving_state, unit, metric, status);

-- For each audience ('public', 'editors'), the generation of its stored
-- results and the stamp (checks code and sources) they were computed
-- under. A full computation writes a new generation beside the current
-- one and switches to it at the end.
CREATE TABLE check_state (
    audience  TEXT PRIMARY KEY,
    gen       BIGINT NOT NULL,
    stamp     TEXT NOT NULL
);

-- One row per check result: the ordering /checks reads them in (outcome,
-- then kind, title and figures as checks.Run orders them; the ranks are
-- the positions of its outcome and kind in checks.Outcomes and
-- checks.Kinds, so the summary's counts read the index alone), what its
-- filters match (the metrics and sources of the result's figures, each
-- between newlines), and the result as JSON.
CREATE TABLE check_results (
    id            {{id}},
    audience      TEXT NOT NULL,
    gen           BIGINT NOT NULL,
    owner         {{key}} NOT NULL,
    outcome_rank  INTEGER NOT NULL,
    kind_rank     INTEGER NOT NULL,
    title         {{key}} NOT NULL,
    figures       {{key}} NOT NULL,
    metrics       TEXT NOT NULL,
    sources       TEXT NOT NULL,
    result        TEXT NOT NULL
);
-- The id ends the order (SQLite has it in every index; PostgreSQL needs
-- it named), so that a page is a walk of the index, not a sort.
CREATE INDEX check_results_order ON check_results (audience, gen, outcome_rank, kind_rank, title, figures, id);
CREATE INDEX check_results_owner ON check_results (audience, gen, owner);

-- How many results of each outcome and kind each unit has (several rows
-- of one unit add up): the summary without filters sums these, never
-- reading every result.
CREATE TABLE check_counts (
    audience      TEXT NOT NULL,
    gen           BIGINT NOT NULL,
    owner         {{key}} NOT NULL,
    outcome_rank  INTEGER NOT NULL,
    kind_rank     INTEGER NOT NULL,
    n             BIGINT NOT NULL
);
CREATE INDEX check_counts_owner ON check_counts (audience, gen, owner);

-- The keys a unit's figures name in other units (a share's base, a
-- derived figure's inputs): a write to one of them computes the unit again.
CREATE TABLE check_refs (
    audience  TEXT NOT NULL,
    gen       BIGINT NOT NULL,
    owner     {{key}} NOT NULL,
    ref       {{key}} NOT NULL
);
CREATE INDEX check_refs_ref ON check_refs (ref);
CREATE INDEX check_refs_owner ON check_refs (audience, gen, owner);

-- Every write to a figure notes, in its own transaction, the figure as it
-- was and as it is: RefreshChecks reads these, computes the units they
-- touch again, and deletes them. (Statements end at a semicolon that
-- ends a line: a trigger's body keeps its own on one line.)
CREATE TABLE check_dirty (
    id               {{id}},
    key              {{key}} NOT NULL,
    population       TEXT NOT NULL,
    acting_state     TEXT NOT NULL,
    receiving_state  TEXT NOT NULL,
    unit             TEXT NOT NULL,
    metric           {{key}} NOT NULL,
    subgroup_of      {{key}}
);
{{sqlite}} CREATE TRIGGER figures_check_dirty_insert AFTER INSERT ON figures BEGIN
    INSERT INTO check_dirty (key, population, acting_state, receiving_state, unit, metric, subgroup_of) VALUES (NEW.key, NEW.population, NEW.acting_state, NEW.receiving_state, NEW.unit, NEW.metric, NEW.subgroup_of); END;
{{sqlite}} CREATE TRIGGER figures_check_dirty_update AFTER UPDATE ON figures BEGIN
    INSERT INTO check_dirty (key, population, acting_state, receiving_state, unit, metric, subgroup_of) VALUES (OLD.key, OLD.population, OLD.acting_state, OLD.receiving_state, OLD.unit, OLD.metric, OLD.subgroup_of); INSERT INTO check_dirty (key, population, acting_state, receiving_state, unit, metric, subgroup_of) VALUES (NEW.key, NEW.population, NEW.acting_state, NEW.receiving_state, NEW.unit, NEW.metric, NEW.subgroup_of); END;
{{sqlite}} CREATE TRIGGER figures_check_dirty_delete AFTER DELETE ON figures BEGIN
    INSERT INTO check_dirty (key, population, acting_state, receiving_state, unit, metric, subgroup_of) VALUES (OLD.key, OLD.population, OLD.acting_state, OLD.receiving_state, OLD.unit, OLD.metric, OLD.subgroup_of); END;
{{postgres}} CREATE FUNCTION figures_check_dirty() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
    IF TG_OP <> 'INSERT' THEN INSERT INTO check_dirty (key, population, acting_state, receiving_state, unit, metric, subgroup_of) VALUES (OLD.key, OLD.population, OLD.acting_state, OLD.receiving_state, OLD.unit, OLD.metric, OLD.subgroup_of); END IF; IF TG_OP <> 'DELETE' THEN INSERT INTO check_dirty (key, population, acting_state, receiving_state, unit, metric, subgroup_of) VALUES (NEW.key, NEW.population, NEW.acting_state, NEW.receiving_state, NEW.unit, NEW.metric, NEW.subgroup_of); END IF; RETURN NULL; END $$;
{{postgres}} CREATE TRIGGER figures_check_dirty AFTER INSERT OR UPDATE OR DELETE ON figures FOR EACH ROW EXECUTE FUNCTION figures_check_dirty();
