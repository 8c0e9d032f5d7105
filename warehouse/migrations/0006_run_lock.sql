-- 0006: a run lock, so that two nightly runs never write one warehouse at once (a scheduled run
-- and one started by hand, or two started by hand), and per-stage errors on each run.

CREATE TABLE run_lock (
    lock_name   VARCHAR PRIMARY KEY,
    run_id      VARCHAR NOT NULL,
    holder      VARCHAR NOT NULL,
    trigger     VARCHAR,
    acquired_at TIMESTAMPTZ NOT NULL,
    renewed_at  TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE run_lock IS 'At most one row per lock: the run that currently holds it. A run takes it before writing and deletes it when it ends; a row not renewed for [schedule] lock_stale_after_seconds, or whose holder process is gone, is taken over.';
COMMENT ON COLUMN run_lock.lock_name IS 'Which lock: ''nightly'' for nightly runs.';
COMMENT ON COLUMN run_lock.run_id IS 'The run holding the lock (runs.run_id).';
COMMENT ON COLUMN run_lock.holder IS 'host:pid of the process running it, to tell a live holder from a killed one.';
COMMENT ON COLUMN run_lock.trigger IS 'What started the holding run: schedule, manual, deployment, demo.';
COMMENT ON COLUMN run_lock.acquired_at IS 'When the run took the lock.';
COMMENT ON COLUMN run_lock.renewed_at IS 'Last time the run showed it was alive (at each stage).';

ALTER TABLE runs ADD COLUMN stage_errors JSON;
COMMENT ON COLUMN runs.stage_errors IS 'JSON object: stage name -> list of errors that stage met and went on past (a failed feed task, a match batch that raised). Empty when none.';
COMMENT ON COLUMN runs.status IS 'running, completed, partial (completed, but some stage recorded errors in stage_errors; the work they lost is redone next run), failed, or refused (another run held the run lock).';
