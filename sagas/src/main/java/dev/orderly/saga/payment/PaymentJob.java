package dev.orderly.saga.payment;

import dev.orderly.command.Money;
import dev.orderly.command.payment.PaymentId;
import dev.orderly.command.payment.RefundId;
import dev.orderly.saga.effect.EffectKey;
import dev.orderly.saga.effect.LedgerJob;

import java.util.Objects;

/** The JSON data of the payment jobs: what each needs, and its ledger row's key. */
sealed interface PaymentJob extends LedgerJob {

    /** Ledger kinds: the task names of the release that began the ledger, kept so that its rows are found. */
    String CHARGE = "payment-charge";
    String CANCEL = "payment-cancel";
    String REFUND = "payment-refund";

    PaymentId paymentId();

    record Charge(EffectKey ledgerKey, PaymentId paymentId) implements PaymentJob {
        public Charge {
            LedgerJob.complete(ledgerKey);
            Objects.requireNonNull(paymentId, "paymentId");
        }
    }

    /** A cancellation, and why. */
    record Cancel(EffectKey ledgerKey, PaymentId paymentId, String reason) implements PaymentJob {
        public Cancel {
            LedgerJob.complete(ledgerKey);
            Objects.requireNonNull(paymentId, "paymentId");
            Objects.requireNonNull(reason, "reason");
        }
    }

    record Refund(EffectKey ledgerKey, PaymentId paymentId, RefundId refundId, Money amount) implements PaymentJob {
        public Refund {
            LedgerJob.complete(ledgerKey);
            Objects.requireNonNull(paymentId, "paymentId");
            Objects.requireNonNull(refundId, "refundId");
            Objects.requireNonNull(amount, "amount");
            Objects.requireNonNull(amount.currency(), "amount.currency");
        }
    }
}
