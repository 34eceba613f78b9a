-- For machines without a state node: the machine counts as running while one signal is above a threshold, idle
-- otherwise. One rule per machine kind; edit the rows to suit a plant's machines.
CREATE TABLE state_rule (
    kind          text PRIMARY KEY CHECK (kind IN ('cnc', 'press', 'welder', 'furnace')),
    signal        text NOT NULL,
    running_above double precision NOT NULL
);

INSERT INTO state_rule (kind, signal, running_above) VALUES
    ('cnc', 'spindle_load', 5),      -- % : cutting, not just a turning spindle
    ('press', 'press_force', 50),    -- kN: strokes under load
    ('welder', 'weld_current', 20),  -- A : an arc is burning
    ('furnace', 'power', 40);        -- kW: heating a load, above holding power
