-- Smart-manufacturing upgrade (智能化改造, issue 7): what the county economic bureau keeps about each enterprise,
-- the equipment ledger of each plant, upgrade projects with their history, the programme and its yearly targets,
-- and the figures enterprises report monthly. Indicators are computed from these and from telemetry, never stored.

-- The bureau's registry fields of an enterprise (its name stays in enterprise.name).
CREATE TABLE enterprise_registry (
    enterprise_id    uuid PRIMARY KEY REFERENCES enterprise (id),
    -- 统一社会信用代码 (GB 32100-2015): 18 characters, check digit verified by the application
    credit_code      text UNIQUE CHECK (credit_code ~ '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$'),
    town             text,               -- 乡镇/街道
    segment          text,               -- 行业细分, e.g. 紧固件 fasteners
    above_scale      boolean NOT NULL DEFAULT false,   -- 规上企业 (annual revenue ≥ 20 million yuan)
    contact_name     text,
    contact_phone    text,
    updated_at       timestamptz NOT NULL DEFAULT now(),
    updated_by       uuid REFERENCES app_user (id)
);

-- 设备台账: every production asset of a plant, networked or not.
CREATE TABLE equipment_asset (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    plant_id           uuid NOT NULL REFERENCES plant (id),
    code               text NOT NULL CHECK (code <> ''),       -- the plant's own asset number
    name               text NOT NULL CHECK (name <> ''),
    kind               text NOT NULL CHECK (kind <> ''),       -- e.g. 数控车床 CNC lathe, 冲床 press
    production         boolean NOT NULL DEFAULT true,          -- production equipment (counts in every rate)
    numerical_control  boolean NOT NULL,                        -- 数控
    key_process        boolean NOT NULL,                        -- on a key process (关键工序)
    commissioned_year  integer CHECK (commissioned_year BETWEEN 1950 AND 2200),
    machine_id         uuid UNIQUE REFERENCES machine (id),     -- networked: the machine it is in Tiangong
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    UNIQUE (plant_id, code)
);

CREATE TABLE upgrade_project (
    id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    enterprise_id       uuid NOT NULL REFERENCES enterprise (id),
    name                text NOT NULL CHECK (name <> ''),
    scope               text,
    vendor              text,                                   -- the integrator / equipment supplier
    investment_wan      numeric(14, 2) CHECK (investment_wan >= 0),        -- 万元
    subsidy_applied_wan numeric(14, 2) CHECK (subsidy_applied_wan >= 0),
    subsidy_granted_wan numeric(14, 2) CHECK (subsidy_granted_wan >= 0),
    planned_start       date,
    planned_end         date,
    actual_start        date,
    actual_end          date,
    accepted_on         date,
    status              text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'in_progress', 'completed', 'accepted')),
    baseline_from       date,
    baseline_to         date,
    compare_from        date,
    compare_to          date,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CHECK (baseline_to >= baseline_from),      -- periods include both days
    CHECK (compare_to >= compare_from),
    CHECK (planned_end >= planned_start),
    CHECK (actual_end >= actual_start)
);
CREATE INDEX upgrade_project_enterprise ON upgrade_project (enterprise_id);

-- Every change of a project, dated and attributed (the bureau sees the history).
CREATE TABLE upgrade_project_event (
    id          bigserial PRIMARY KEY,
    project_id  uuid NOT NULL REFERENCES upgrade_project (id),
    at          timestamptz NOT NULL DEFAULT now(),
    actor_id    uuid REFERENCES app_user (id),
    actor_name  text,
    from_status text,
    to_status   text,
    changes     jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX upgrade_project_event_project ON upgrade_project_event (project_id, at);

-- The county's three-year programme and, per year, the share of above-scale enterprises that should have completed
-- their upgrade by the end of that year (cumulative).
CREATE TABLE upgrade_programme (
    id         integer PRIMARY KEY CHECK (id = 1),                  -- one programme per county installation
    name       text NOT NULL,
    start_date date NOT NULL,
    end_date   date NOT NULL CHECK (end_date > start_date)
);

CREATE TABLE upgrade_programme_target (
    year         integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 2200),
    target_share numeric(5, 4) NOT NULL CHECK (target_share >= 0 AND target_share <= 1)
);

-- Figures an enterprise reports each month (uploaded as CSV or XLSX).
CREATE TABLE monthly_figure (
    enterprise_id   uuid NOT NULL REFERENCES enterprise (id),
    month           date NOT NULL CHECK (extract(day FROM month) = 1),
    output_value_wan numeric(14, 2) NOT NULL CHECK (output_value_wan >= 0),   -- 工业总产值, 万元
    employees       integer NOT NULL CHECK (employees > 0),                   -- 从业人员 (average for the month)
    energy_tce      numeric(14, 3) NOT NULL CHECK (energy_tce >= 0),         -- 综合能耗, 吨标准煤
    imported_at     timestamptz NOT NULL DEFAULT now(),
    imported_by     uuid REFERENCES app_user (id),
    PRIMARY KEY (enterprise_id, month)
);
