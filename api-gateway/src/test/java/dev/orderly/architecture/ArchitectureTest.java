package dev.orderly.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.orderly.projection.badexample.ProjectionThatCallsAnAggregate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArchitectureTest {

    static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.orderly");
    }

    @Test
    void command_contracts_depend_only_on_the_jdk_and_axon_annotations() {
        ModuleBoundaries.COMMAND_CONTRACTS_DEPEND_ONLY_ON_THE_JDK_AND_AXON_ANNOTATIONS.check(production);
    }

    @Test
    void aggregates_depend_only_on_command_contracts_and_axon() {
        ModuleBoundaries.AGGREGATES_DEPEND_ONLY_ON_COMMAND_CONTRACTS_AND_AXON.check(production);
    }

    @Test
    void query_contracts_depend_only_on_ids_of_the_command_side() {
        ModuleBoundaries.QUERY_CONTRACTS_DEPEND_ONLY_ON_IDS_OF_THE_COMMAND_SIDE.check(production);
    }

    @Test
    void projections_never_touch_aggregates_sagas_or_the_gateway() {
        ModuleBoundaries.PROJECTIONS_NEVER_TOUCH_AGGREGATES_SAGAS_OR_THE_GATEWAY.check(production);
    }

    @Test
    void sagas_never_touch_aggregates_projections_or_the_gateway() {
        ModuleBoundaries.SAGAS_NEVER_TOUCH_AGGREGATES_PROJECTIONS_OR_THE_GATEWAY.allowEmptyShould(true)
                .check(production);
    }

    @Test
    void the_axon_infrastructure_knows_no_feature_module() {
        ModuleBoundaries.INFRASTRUCTURE_KNOWS_NO_FEATURE.check(production);
    }

    @Test
    void the_gateway_speaks_only_through_contracts() {
        ModuleBoundaries.THE_GATEWAY_SPEAKS_ONLY_THROUGH_CONTRACTS.check(production);
    }

    @Test
    void orderly_shares_no_code_with_the_sandbox() {
        ModuleBoundaries.ORDERLY_SHARES_NO_CODE_WITH_THE_SANDBOX.check(production);
    }

    @Test
    void every_event_is_a_record_with_a_revision() {
        ModuleBoundaries.EVERY_EVENT_IS_A_RECORD_WITH_A_REVISION.check(production);
    }

    @Test
    void aggregates_have_no_getters_or_setters() {
        ModuleBoundaries.AGGREGATES_HAVE_NO_GETTERS_OR_SETTERS.check(production);
    }

    @Test
    void the_projection_rule_catches_a_projection_that_calls_an_aggregate() {
        JavaClasses bad = new ClassFileImporter().importClasses(ProjectionThatCallsAnAggregate.class);
        ArchRule rule = ModuleBoundaries.PROJECTIONS_NEVER_TOUCH_AGGREGATES_SAGAS_OR_THE_GATEWAY;

        assertThatThrownBy(() -> rule.check(bad))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("ProjectionThatCallsAnAggregate")
                .hasMessageContaining("dev.orderly.domain.resource.Resource");
    }
}
