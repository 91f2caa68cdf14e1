package org.hemareview;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The house rules of docs/architecture.md as tests, on the compiled production classes: nothing
 * outside {@code ui} touches JavaFX, each package uses only the packages its row of the "may use"
 * table names, and no two packages depend on each other in a cycle.
 */
class ArchitectureTest {
    private static JavaClasses production;

    @BeforeAll
    static void importClasses() {
        production = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.hemareview");
    }

    @Test
    void nothingOutsideUiImportsJavaFx() {
        noClasses().that().resideOutsideOfPackage("org.hemareview.ui..")
                .should().dependOnClassesThat().resideInAPackage("javafx..")
                .because("the core is usable from the command line and in tests without a display")
                .check(production);
    }

    @Test
    void eachPackageUsesOnlyWhatItsRowOfTheTableAllows() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("geometry").definedBy("org.hemareview.geometry..")
                .layer("io").definedBy("org.hemareview.io..")
                .layer("image").definedBy("org.hemareview.image..")
                .layer("segment").definedBy("org.hemareview.segment..")
                .layer("model").definedBy("org.hemareview.model..")
                .layer("classify").definedBy("org.hemareview.classify..")
                .layer("review").definedBy("org.hemareview.review..")
                .layer("analysis").definedBy("org.hemareview.analysis..")
                .layer("dataset").definedBy("org.hemareview.dataset..")
                .layer("train").definedBy("org.hemareview.train..")
                .layer("cli").definedBy("org.hemareview.cli..")
                .layer("ui").definedBy("org.hemareview.ui..")
                .layer("app").definedBy("org.hemareview")
                .whereLayer("ui").mayOnlyBeAccessedByLayers("app")
                .whereLayer("cli").mayOnlyBeAccessedByLayers("app", "ui")
                .whereLayer("train").mayOnlyBeAccessedByLayers("cli", "ui")
                .whereLayer("dataset").mayOnlyBeAccessedByLayers("train", "cli", "ui")
                .whereLayer("analysis").mayOnlyBeAccessedByLayers("dataset", "train", "cli", "ui")
                .whereLayer("review").mayOnlyBeAccessedByLayers("analysis", "dataset", "train", "cli", "ui")
                .whereLayer("classify").mayOnlyBeAccessedByLayers("analysis", "train", "cli", "ui")
                .whereLayer("model").mayOnlyBeAccessedByLayers("classify", "analysis", "train", "cli", "ui", "app")
                .whereLayer("segment").mayOnlyBeAccessedByLayers("analysis", "dataset", "train", "cli", "ui")
                .whereLayer("image").mayOnlyBeAccessedByLayers("segment", "classify", "analysis", "dataset", "train", "cli", "ui")
                .whereLayer("io").mayOnlyBeAccessedByLayers("image", "segment", "model", "classify", "review", "analysis", "dataset", "train",
                        "cli", "ui", "app")
                .whereLayer("geometry").mayOnlyBeAccessedByLayers("segment", "review", "analysis", "dataset", "train", "cli", "ui")
                .check(production);
    }

    @Test
    void theBasePackagesUseNothingOfOurs() {
        classes().that().resideInAnyPackage("org.hemareview.io..", "org.hemareview.geometry..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.hemareview.io..", "org.hemareview.geometry..", "org.slf4j..")
                .check(production);
    }

    @Test
    void noPackageCycles() {
        slices().matching("org.hemareview.(*)..").should().beFreeOfCycles().check(production);
    }
}
