-- 0005: the alert outbox claims a message before sending it, so a run killed between the
-- channel accepting a message and the warehouse recording it leaves a trace the next run sees.
-- Alerts for one channel are grouped into messages (one digest per run, or one per alert).

ALTER TABLE alert_deliveries ADD COLUMN message_id VARCHAR;
ALTER TABLE alert_deliveries ADD COLUMN claimed_at TIMESTAMPTZ;

COMMENT ON COLUMN alert_deliveries.message_id IS 'The message (digest or single alert) this delivery went out in; fixed at the first attempt, so a resend carries the same id (webhook Idempotency-Key, email Message-ID) and receivers can drop repeats.';
COMMENT ON COLUMN alert_deliveries.claimed_at IS 'When a delivery pass claimed the message, just before handing it to the channel.';
COMMENT ON COLUMN alert_deliveries.status IS 'pending (not yet tried); sending (claimed just before the send; found so by a later pass, the pass that claimed it was killed); sent (the channel accepted it); failed (retried after next_attempt_at); unknown (a killed pass may have delivered it to a channel that cannot recognise repeats: held until `claimwatch alerts retry`).';
COMMENT ON COLUMN alert_deliveries.attempts IS 'How many times the message was handed to the channel.';
COMMENT ON COLUMN alert_deliveries.sent_at IS 'When the channel accepted the message.';
COMMENT ON COLUMN alert_deliveries.last_attempt_at IS 'When the message was last handed to the channel.';
