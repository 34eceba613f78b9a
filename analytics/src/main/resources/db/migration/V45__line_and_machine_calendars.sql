-- Calendars per line and per machine (issue 15), inheriting the plant's. A line or machine with shifts of its own
-- works those shifts instead of the plant's (its machines are not charged for the others); breaks, holidays and
-- planned stops stay the plant's. Shifts now say on which days of the week they are worked.

-- bit 0 = Monday … bit 6 = Sunday (ISO-8601 day numbers 1–7); 127 = every day
ALTER TABLE plant_shift ADD COLUMN weekdays smallint NOT NULL DEFAULT 127 CHECK (weekdays BETWEEN 1 AND 127);

CREATE TABLE line_shift (
    line_id    uuid NOT NULL REFERENCES line (id) ON DELETE CASCADE,
    name       text NOT NULL,
    start_time time NOT NULL,
    end_time   time NOT NULL,            -- at or before start_time: the shift crosses midnight
    weekdays   smallint NOT NULL DEFAULT 127 CHECK (weekdays BETWEEN 1 AND 127),
    PRIMARY KEY (line_id, name)
);

CREATE TABLE machine_shift (
    machine_id uuid NOT NULL REFERENCES machine (id) ON DELETE CASCADE,
    name       text NOT NULL,
    start_time time NOT NULL,
    end_time   time NOT NULL,
    weekdays   smallint NOT NULL DEFAULT 127 CHECK (weekdays BETWEEN 1 AND 127),
    PRIMARY KEY (machine_id, name)
);
