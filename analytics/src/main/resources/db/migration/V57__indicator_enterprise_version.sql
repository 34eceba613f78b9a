-- Which enterprises an indicator change touched, so that IndicatorSnapshots recomputes only their rows (V55's
-- indicator_version still says that something changed). Every row written to a per-enterprise table moves its
-- enterprise's version in indicator_enterprise_version, in the writer's transaction; a change that concerns every
-- enterprise (state rules by machine kind, a TRUNCATE) moves indicator_version.all_version instead, and the snapshot
-- is recomputed whole. Programme tables move neither: only the overview is derived again.
CREATE TABLE indicator_enterprise_version (
    enterprise_id uuid   PRIMARY KEY,  -- no foreign key: a deleted enterprise's row stays (its snapshot row goes)
    version       bigint NOT NULL
);
ALTER TABLE indicator_version ADD COLUMN all_version bigint NOT NULL DEFAULT 0;

-- The enterprise a row of table t belongs to; NULL when its parent is gone (a cascaded or bottom-up delete: the
-- parent's own row records the enterprise).
CREATE FUNCTION indicator_enterprise_of(t text, r jsonb) RETURNS uuid LANGUAGE sql STABLE AS $$
    SELECT CASE
        WHEN t = 'enterprise' THEN (r ->> 'id')::uuid
        WHEN t IN ('enterprise_registry', 'upgrade_project', 'monthly_figure', 'plant') THEN (r ->> 'enterprise_id')::uuid
        WHEN t = 'upgrade_project_event' THEN
            (SELECT enterprise_id FROM upgrade_project WHERE id = (r ->> 'project_id')::uuid)
        WHEN t IN ('equipment_asset', 'line', 'plant_shift', 'plant_break', 'plant_holiday', 'planned_stop') THEN
            (SELECT enterprise_id FROM plant WHERE id = (r ->> 'plant_id')::uuid)
        WHEN t = 'machine' THEN
            (SELECT p.enterprise_id FROM line l JOIN plant p ON p.id = l.plant_id WHERE l.id = (r ->> 'line_id')::uuid)
        WHEN t = 'machine_ideal_cycle' THEN
            (SELECT p.enterprise_id FROM machine m JOIN line l ON l.id = m.line_id JOIN plant p ON p.id = l.plant_id
             WHERE m.id = (r ->> 'machine_id')::uuid)
    END
$$;

CREATE FUNCTION indicator_enterprise_bump() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE e uuid;
BEGIN
    FOREACH e IN ARRAY ARRAY[
            CASE WHEN TG_OP <> 'INSERT' THEN indicator_enterprise_of(TG_TABLE_NAME, to_jsonb(OLD)) END,
            CASE WHEN TG_OP <> 'DELETE' THEN indicator_enterprise_of(TG_TABLE_NAME, to_jsonb(NEW)) END]
    LOOP
        IF e IS NOT NULL THEN
            INSERT INTO indicator_enterprise_version AS v (enterprise_id, version) VALUES (e, 1)
            ON CONFLICT (enterprise_id) DO UPDATE SET version = v.version + 1;
        END IF;
    END LOOP;
    RETURN NULL;
END $$;

CREATE FUNCTION indicator_all_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE indicator_version SET all_version = all_version + 1;
    RETURN NULL;
END $$;

-- V55's bump moves to BEFORE the statement, so that every writer locks indicator_version's row before any
-- enterprise's row (held to commit): two transactions touching several enterprises cannot deadlock on them.
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['enterprise', 'enterprise_registry', 'equipment_asset', 'upgrade_project',
            'upgrade_project_event', 'upgrade_programme', 'upgrade_programme_target', 'monthly_figure', 'plant',
            'line', 'machine', 'machine_ideal_cycle', 'plant_shift', 'plant_break', 'plant_holiday', 'planned_stop',
            'state_rule']
    LOOP
        EXECUTE format('DROP TRIGGER %I ON %I', t || '_indicator_version', t);
        EXECUTE format('CREATE TRIGGER %I BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I '
                       'FOR EACH STATEMENT EXECUTE FUNCTION indicator_version_bump()', t || '_indicator_version', t);
    END LOOP;
END $$;

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['enterprise', 'enterprise_registry', 'equipment_asset', 'upgrade_project',
            'upgrade_project_event', 'monthly_figure', 'plant', 'line', 'machine', 'machine_ideal_cycle',
            'plant_shift', 'plant_break', 'plant_holiday', 'planned_stop']
    LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I '
                       'FOR EACH ROW EXECUTE FUNCTION indicator_enterprise_bump()', t || '_indicator_enterprise', t);
        EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I '
                       'FOR EACH STATEMENT EXECUTE FUNCTION indicator_all_bump()', t || '_indicator_all', t);
    END LOOP;
END $$;
CREATE TRIGGER state_rule_indicator_all AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON state_rule
    FOR EACH STATEMENT EXECUTE FUNCTION indicator_all_bump();
