package dev.orderly.support;

/** Order requests for tests: one line of a resource, a shipping address, and a sandbox test card. */
public final class TestOrders {

    public static final String GOOD_CARD = "4242424242424242";
    public static final String DECLINED_CARD = "4000000000000002";
    /** The unit price, in EUR cents, that {@link TestApi#registerResource} gives every resource. */
    public static final long UNIT_PRICE = 1250;

    private TestOrders() {
    }

    public static String orderJson(String resourceId, int quantity, String customer, String email, String card) {
        return """
                {"customerId":"%s","email":"%s","currency":"EUR","card":"%s",
                 "lines":[{"resourceId":"%s","quantity":%d,"unitPrice":1250}],
                 "shipTo":{"name":"Ada","street":"1 Main St","city":"Springfield","postalCode":"12345","country":"DE"}}
                """.formatted(customer, email, card, resourceId, quantity);
    }
}
