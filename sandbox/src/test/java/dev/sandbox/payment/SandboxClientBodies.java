package dev.sandbox.payment;

import dev.sandbox.SandboxClient;

/** Request bodies the payment tests use often. */
final class SandboxClientBodies {

    private SandboxClientBodies() {
    }

    /** Authorize 1999 EUR on the success card, without capturing. */
    static String authorize(String order) {
        return SandboxClient.authorize(1999, PaymentSandboxTestBase.successToken, order);
    }
}
