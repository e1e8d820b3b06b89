package dev.orderly.architecture;

import com.tngtech.archunit.lang.ArchRule;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The module boundaries of {@code docs/design.md} (its module map), as rules over the packages each module owns. */
final class ModuleBoundaries {

    static final String COMMAND_API = "dev.orderly.command..";
    static final String DOMAIN = "dev.orderly.domain..";
    static final String QUERY_API = "dev.orderly.query..";
    static final String PROJECTIONS = "dev.orderly.projection..";
    static final String SAGAS = "dev.orderly.saga..";
    static final String AXON_CONFIG = "dev.orderly.axon..";
    static final String GATEWAY = "dev.orderly.gateway..";

    private ModuleBoundaries() {
    }

    static final ArchRule COMMAND_CONTRACTS_DEPEND_ONLY_ON_THE_JDK_AND_AXON_ANNOTATIONS = classes()
            .that().resideInAPackage(COMMAND_API)
            .should().onlyDependOnClassesThat().resideInAnyPackage(COMMAND_API, "java..",
                    "org.axonframework.modelling.command..", "org.axonframework.serialization..",
                    "org.axonframework.commandhandling..", "org.axonframework.messaging..")
            .as("command contracts depend only on the JDK and Axon's message annotations");

    static final ArchRule AGGREGATES_DEPEND_ONLY_ON_COMMAND_CONTRACTS_AND_AXON = classes()
            .that().resideInAPackage(DOMAIN)
            .should().onlyDependOnClassesThat().resideInAnyPackage(DOMAIN, COMMAND_API, "java..",
                    "org.axonframework..")
            .as("aggregates depend only on command contracts and Axon, never on Spring beans or I/O");

    static final ArchRule QUERY_CONTRACTS_DEPEND_ONLY_ON_IDS_OF_THE_COMMAND_SIDE = classes()
            .that().resideInAPackage(QUERY_API)
            .should().onlyDependOnClassesThat().resideInAnyPackage(QUERY_API, COMMAND_API, "java..")
            .as("query contracts depend only on the JDK and the command side's ids");

    static final ArchRule PROJECTIONS_NEVER_TOUCH_AGGREGATES_SAGAS_OR_THE_GATEWAY = noClasses()
            .that().resideInAPackage(PROJECTIONS)
            .should().dependOnClassesThat().resideInAnyPackage(DOMAIN, SAGAS, GATEWAY)
            .as("projections never touch aggregates, sagas or the gateway");

    static final ArchRule SAGAS_NEVER_TOUCH_AGGREGATES_PROJECTIONS_OR_THE_GATEWAY = noClasses()
            .that().resideInAPackage(SAGAS)
            .should().dependOnClassesThat().resideInAnyPackage(DOMAIN, PROJECTIONS, GATEWAY)
            .as("sagas never touch aggregates, projections or the gateway");

    static final ArchRule INFRASTRUCTURE_KNOWS_NO_FEATURE = noClasses()
            .that().resideInAPackage(AXON_CONFIG)
            .should().dependOnClassesThat().resideInAnyPackage(COMMAND_API, DOMAIN, QUERY_API, PROJECTIONS, SAGAS,
                    GATEWAY)
            .as("the Axon infrastructure module knows no feature module");

    static final ArchRule THE_GATEWAY_SPEAKS_ONLY_THROUGH_CONTRACTS = noClasses()
            .that().resideInAPackage(GATEWAY)
            .should().dependOnClassesThat().resideInAnyPackage(DOMAIN, PROJECTIONS, SAGAS)
            .as("the gateway reaches aggregates, projections and sagas only through messages");

    static final ArchRule ORDERLY_SHARES_NO_CODE_WITH_THE_SANDBOX = noClasses()
            .that().resideInAPackage("dev.orderly..")
            .should().dependOnClassesThat().resideInAPackage("dev.sandbox..")
            .as("Orderly shares no code with the sandbox it talks to");

    static final ArchRule EVERY_EVENT_IS_A_RECORD_WITH_A_REVISION = classes()
            .that().resideInAPackage(COMMAND_API).and().haveSimpleNameEndingWith("Event")
            .should().beRecords().andShould().beAnnotatedWith(Revision.class)
            .as("every event is a record that carries @Revision");

    static final ArchRule AGGREGATES_HAVE_NO_GETTERS_OR_SETTERS = methods()
            .that().areDeclaredInClassesThat().areAnnotatedWith(Aggregate.class)
            .should().haveNameNotMatching("(get|set|is)[A-Z].*")
            .as("aggregates have no getters or setters");
}
