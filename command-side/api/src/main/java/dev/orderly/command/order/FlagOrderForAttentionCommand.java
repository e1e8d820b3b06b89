package dev.orderly.command.order;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record FlagOrderForAttentionCommand(@TargetAggregateIdentifier OrderId orderId, String reason) {
}
