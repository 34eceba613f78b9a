-- A version number of everything the bureau's indicators are computed from (registry, ledger, projects, programme,
-- monthly figures, topology, calendars). Every statement that changes one of these tables moves it on, in the same
-- transaction; IndicatorSnapshots compares it with the version its snapshot was computed at (one small read per
-- request) and recomputes when it moved. Time-dependent figures (assets networked in the last 24 h, KPIs from
-- telemetry) are refreshed by the snapshot's age instead.
CREATE TABLE indicator_version (
    id      boolean PRIMARY KEY DEFAULT true CHECK (id),
    version bigint  NOT NULL
);
INSERT INTO indicator_version (version) VALUES (0);

CREATE FUNCTION indicator_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE indicator_version SET version = version + 1;
    RETURN NULL;
END $$;

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['enterprise', 'enterprise_registry', 'equipment_asset', 'upgrade_project',
            'upgrade_project_event', 'upgrade_programme', 'upgrade_programme_target', 'monthly_figure', 'plant',
            'line', 'machine', 'machine_ideal_cycle', 'plant_shift', 'plant_break', 'plant_holiday', 'planned_stop',
            'state_rule']
    LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I '
                       'FOR EACH STATEMENT EXECUTE FUNCTION indicator_version_bump()', t || '_indicator_version', t);
    END LOOP;
END $$;
