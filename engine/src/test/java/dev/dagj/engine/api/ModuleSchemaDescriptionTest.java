package dev.dagj.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.language.ObjectTypeDefinition;
import graphql.schema.idl.SchemaParser;
import org.junit.jupiter.api.Test;

/** Descriptions from module code go into the served SDL as string literals that parse back to the same text. */
class ModuleSchemaDescriptionTest {
    private static String roundTrip(String description) {
        String sdl = "type Query {\n" + ModuleSchema.desc(description, "  ") + "  f: String\n}\n";
        ObjectTypeDefinition q = (ObjectTypeDefinition) new SchemaParser().parse(sdl).getType("Query").orElseThrow();
        return q.getFieldDefinitions().get(0).getDescription().getContent();
    }

    @Test
    void quotesBackslashesAndLineBreaksSurvive() {
        assertThat(roundTrip("the volume, or \"unset\"")).isEqualTo("the volume, or \"unset\"");
        assertThat(roundTrip("ends with three \"\"\"")).isEqualTo("ends with three \"\"\"");
        assertThat(roundTrip("a \\ path\n  indented line\n\ttab")).isEqualTo("a \\ path\n  indented line\n\ttab");
        assertThat(roundTrip("bell \u0007 char")).isEqualTo("bell \u0007 char");
    }

    @Test
    void blankDescriptionsAreLeftOut() {
        assertThat(ModuleSchema.desc("  \n", "  ")).isEmpty();
        assertThat(ModuleSchema.desc(null, "")).isEmpty();
    }
}
