package dev.migratefirst.safety;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.migratefirst.safety.rules.RuleCheck;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The shape of the analysis: trace, then facts, then one check per rule, each reading facts only. */
class RuleLayersTest {
    private static final JavaClasses SAFETY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.migratefirst.safety");

    @Test
    void everyRuleFoundInATraceHasItsOwnCheckClass() {
        // the suppression step, and the planning of a declared backfill (not traced)
        List<Rule> fromSuppressions = List.of(Rule.INVALID_SUPPRESSION, Rule.UNUSED_SUPPRESSION,
                Rule.BACKFILL_WITHOUT_INDEX);
        Set<Class<?>> classes = new HashSet<>();
        for (Rule r : Rule.values()) {
            if (fromSuppressions.contains(r)) {
                assertThat(r.check()).as("%s comes from the suppression or backfill step", r.id()).isNull();
                continue;
            }
            RuleCheck check = r.check();
            assertThat(check).as("check of %s", r.id()).isNotNull();
            assertThat(classes.add(check.getClass())).as("%s shares its check class", r.id()).isTrue();
            String expected = Arrays.stream(r.id().split("-"))
                    .map(w -> Character.toUpperCase(w.charAt(0)) + w.substring(1)).reduce("", String::concat);
            assertThat(check.getClass().getSimpleName()).as("check class of %s", r.id()).isEqualTo(expected);
        }
        assertThat(classes).hasSize(Rule.values().length - fromSuppressions.size());
        assertThat(Arrays.stream(Rule.values()).map(Rule::check).filter(Objects::nonNull)).hasSize(classes.size());
    }

    @Test
    void aRuleReadsFactsOnlyNeverAnotherRule() {
        for (Class<?> unit : Arrays.stream(Rule.values()).map(Rule::check).filter(Objects::nonNull)
                .map(Object::getClass).toList()) {
            noClasses().that().belongToAnyOf(unit)
                    .should().dependOnClassesThat(resideInAPackage("dev.migratefirst.safety.rules")
                            .and(not(belongToAnyOf(unit, RuleCheck.class))))
                    .because("adding or changing a rule must not touch another rule")
                    .check(SAFETY);
        }
        noClasses().that().resideInAPackage("dev.migratefirst.safety.rules")
                .should().dependOnClassesThat().resideInAPackage("dev.migratefirst.safety")
                .because("rules report hits; the Rule enum in the package above pairs them with ids")
                .check(SAFETY);
    }

    @Test
    void eachLayerReadsOnlyTheLayersBelowIt() {
        noClasses().that().resideInAPackage("dev.migratefirst.safety.trace")
                .should().dependOnClassesThat().resideInAnyPackage("dev.migratefirst.safety",
                        "dev.migratefirst.safety.facts", "dev.migratefirst.safety.rules")
                .check(SAFETY);
        noClasses().that().resideInAPackage("dev.migratefirst.safety.facts")
                .should().dependOnClassesThat().resideInAnyPackage("dev.migratefirst.safety",
                        "dev.migratefirst.safety.rules")
                .check(SAFETY);
    }
}
