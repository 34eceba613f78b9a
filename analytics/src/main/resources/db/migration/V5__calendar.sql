-- Plant production calendars (issue 4). With no shifts configured a plant works three 8-hour shifts.

CREATE TABLE plant_shift (
    plant_id   uuid NOT NULL REFERENCES plant (id),
    name       text NOT NULL,
    start_time time NOT NULL,
    end_time   time NOT NULL,            -- at or before start_time: the shift crosses midnight
    PRIMARY KEY (plant_id, name)
);

CREATE TABLE plant_break (
    plant_id   uuid NOT NULL REFERENCES plant (id),
    start_time time NOT NULL,
    end_time   time NOT NULL,
    reason     text NOT NULL DEFAULT 'break',
    PRIMARY KEY (plant_id, start_time)
);

CREATE TABLE plant_holiday (
    plant_id uuid NOT NULL REFERENCES plant (id),
    day      date NOT NULL,
    name     text,
    PRIMARY KEY (plant_id, day)
);

CREATE TABLE planned_stop (
    id        bigserial PRIMARY KEY,
    plant_id  uuid NOT NULL REFERENCES plant (id),
    starts_at timestamptz NOT NULL,
    ends_at   timestamptz NOT NULL CHECK (ends_at > starts_at),
    reason    text NOT NULL
);
CREATE INDEX planned_stop_plant_time ON planned_stop (plant_id, starts_at);
