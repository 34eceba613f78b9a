-- Plant metadata: enterprise → plant → line → machine → signal.
-- Public ids are UUIDs (not guessable, stable across environments); codes are what config files use.

CREATE TABLE enterprise (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    code       text NOT NULL UNIQUE CHECK (code <> ''),
    name       text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE plant (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    enterprise_id uuid NOT NULL REFERENCES enterprise (id),
    code          text NOT NULL CHECK (code <> ''),
    name          text NOT NULL,
    time_zone     text NOT NULL DEFAULT 'Asia/Shanghai',
    created_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (enterprise_id, code)
);

CREATE TABLE line (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    plant_id   uuid NOT NULL REFERENCES plant (id),
    code       text NOT NULL CHECK (code <> ''),
    name       text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (plant_id, code)
);

CREATE TABLE machine (
    id                       uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    line_id                  uuid NOT NULL REFERENCES line (id),
    code                     text NOT NULL CHECK (code <> ''),
    name                     text NOT NULL,
    kind                     text NOT NULL CHECK (kind IN ('cnc', 'press', 'welder', 'furnace')),
    model                    text,
    ideal_cycle_time_seconds double precision CHECK (ideal_cycle_time_seconds > 0),
    created_at               timestamptz NOT NULL DEFAULT now(),
    UNIQUE (line_id, code)
);

-- One row per collected signal of a machine; telemetry refers to it by the compact integer id.
CREATE TABLE signal (
    id          serial PRIMARY KEY,
    machine_id  uuid NOT NULL REFERENCES machine (id),
    name        text NOT NULL,
    unit        text NOT NULL,
    source_node text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (machine_id, name)
);
