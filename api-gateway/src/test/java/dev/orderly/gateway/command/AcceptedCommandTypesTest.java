package dev.orderly.gateway.command;

import dev.orderly.command.order.PlaceOrderCommand;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AcceptedCommandTypesTest {

    @Test
    void a_stored_row_names_its_command_by_the_class_name_rows_have_always_held() {
        assertThat(AcceptedCommandTypes.typeOf("dev.orderly.command.order.PlaceOrderCommand"))
                .contains(PlaceOrderCommand.class);
    }

    @Test
    void a_row_naming_any_other_class_is_not_loaded() {
        assertThat(AcceptedCommandTypes.typeOf("dev.orderly.command.order.OrderId")).isEmpty();
        assertThat(AcceptedCommandTypes.typeOf("java.lang.ProcessBuilder")).isEmpty();
    }

    @Test
    void a_command_not_on_the_list_is_refused_as_it_is_accepted() {
        assertThatThrownBy(() -> AcceptedCommandTypes.nameOf("not a command"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
