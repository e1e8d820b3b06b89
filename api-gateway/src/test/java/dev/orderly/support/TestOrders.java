package dev.orderly.support;

/**
 * Order requests for tests: one line of a resource, a shipping address, and a payment token of a sandbox test card.
 * The cards are the sandbox's magic numbers; an order never carries one, only a token the sandbox made for it.
 */
public final class TestOrders {

    public static final String GOOD_CARD = "4242424242424242";
    public static final String DECLINED_CARD = "4000000000000002";
    /** The unit price, in EUR cents, that {@link TestApi#registerResource} gives every resource. */
    public static final long UNIT_PRICE = 1250;

    private TestOrders() {
    }

    /** An order paid with a new token of {@code card}, made by the test JVM's sandbox. */
    public static String orderJson(String resourceId, int quantity, String customer, String email, String card) {
        return orderJsonWithToken(resourceId, quantity, customer, email, TestSandbox.tokenFor(card));
    }

    /** An order paid with the given payment token, for tests with a sandbox of their own (or a token to misuse). */
    public static String orderJsonWithToken(String resourceId, int quantity, String customer, String email,
                                            String paymentToken) {
        return """
                {"customerId":"%s","email":"%s","currency":"EUR","paymentToken":"%s",
                 "lines":[{"resourceId":"%s","quantity":%d,"unitPrice":1250}],
                 "shipTo":{"name":"Ada","street":"1 Main St","city":"Springfield","postalCode":"12345","country":"DE"}}
                """.formatted(customer, email, paymentToken, resourceId, quantity);
    }
}
