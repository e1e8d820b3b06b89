-- The correlation id of the request whose chain decided the effect, so that the job carrying it out (later, perhaps
-- on another node) logs under the same id as the request, the saga and the payment.
ALTER TABLE effect_ledger ADD COLUMN correlation_id VARCHAR(64);
