package dev.orderly.command.order;

/** Where the warehouse sends the goods. */
public record ShippingAddress(String name, String street, String city, String postalCode, String country) {
}
