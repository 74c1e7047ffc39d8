package dev.monitor.reviewer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The three report formats. SARIF is checked against the SARIF 2.1.0 JSON schema (OASIS,
 * https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html; the copy's origin is in
 * src/test/resources/sarif-2.1.0-rtm.5.SOURCE.md) and against what GitHub code scanning reads
 * (https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning).
 */
class ReportFormatTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Review REVIEW = Reviewer.builder().detectors(List.of(new ExitCallDetector())).build()
            .review("src/Main.java", "class Main {\n  void a() {\n    System.exit(1);\n    System.exit(2);\n  }\n}\n");

    @Test
    void sarifIsValidAgainstTheSchemaAndCarriesWhatCodeScanningReads() throws Exception {
        JsonNode sarif = JSON.readTree(ReportFormat.SARIF.render(REVIEW));
        JsonSchema schema;
        try (InputStream in = getClass().getResourceAsStream("/sarif-2.1.0-rtm.5.json")) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in);
        }
        Set<ValidationMessage> errors = schema.validate(sarif);
        assertEquals(Set.of(), errors);

        assertEquals("2.1.0", sarif.get("version").asText());
        JsonNode run = sarif.get("runs").get(0);
        JsonNode rule = run.at("/tool/driver/rules/0");
        assertEquals("test/system-exit", rule.get("id").asText());
        assertEquals("SystemExit", rule.get("name").asText());
        assertEquals("warning", rule.at("/defaultConfiguration/level").asText());
        JsonNode result = run.get("results").get(1);
        assertEquals("test/system-exit", result.get("ruleId").asText());
        assertEquals(0, result.get("ruleIndex").asInt());
        assertEquals("System.exit stops the JVM. Fix: Throw instead.", result.at("/message/text").asText());
        assertEquals("src/Main.java", result.at("/locations/0/physicalLocation/artifactLocation/uri").asText());
        assertEquals(4, result.at("/locations/0/physicalLocation/region/startLine").asInt());
        assertEquals(REVIEW.findings().get(1).fingerprint(), result.at("/partialFingerprints/primaryLocationLineHash").asText());
    }

    @Test
    void anEmptyReviewIsValidSarifToo() throws Exception {
        Review empty = Reviewer.builder().detectors(List.of(new ExitCallDetector())).build().review("A.java", "class A {}");
        JsonSchema schema;
        try (InputStream in = getClass().getResourceAsStream("/sarif-2.1.0-rtm.5.json")) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in);
        }
        assertEquals(Set.of(), schema.validate(JSON.readTree(ReportFormat.SARIF.render(empty))));
    }

    @Test
    void textSaysWhereWhatWhyAndHowToFix() {
        assertEquals("""
                src/Main.java:3: medium test/system-exit
                  System.exit stops the JVM.
                  Fix: Throw instead.
                src/Main.java:4: medium test/system-exit
                  System.exit stops the JVM.
                  Fix: Throw instead.
                2 findings (2 medium) in 1 file, 6 lines
                """, ReportFormat.TEXT.render(REVIEW));
    }

    @Test
    void jsonListsFindingsAndCountsByRule() throws Exception {
        JsonNode json = JSON.readTree(ReportFormat.JSON.render(REVIEW));
        assertEquals(2, json.get("findings").size());
        JsonNode first = json.get("findings").get(0);
        assertEquals("test/system-exit", first.get("ruleId").asText());
        assertEquals("medium", first.get("severity").asText());
        assertEquals("best-practice", first.get("category").asText());
        assertEquals(3, first.get("startLine").asInt());
        assertEquals(2, json.at("/summary/byRule/test~1system-exit").asInt());
        assertEquals(6, json.at("/summary/lines").asInt());
    }

    @Test
    void formatNamesAreCheckedWithTheChoicesInTheMessage() {
        assertEquals(ReportFormat.SARIF, ReportFormat.parse("SARIF"));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ReportFormat.parse("xml"));
        assertTrue(e.getMessage().equals("format 'xml' is not one of sarif, text, json"), e.getMessage());
        assertEquals(Severity.HIGH, Severity.parse("High"));
    }
}
