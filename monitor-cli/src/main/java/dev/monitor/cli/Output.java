package dev.monitor.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** How every verb answers: indented JSON as the AWS CLI prints it, and problems as {@code monitor: error: ...}. */
final class Output {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Output() {
    }

    /** Prints {@code answer}; returns the success status. */
    static int json(CommandSpec spec, JsonNode answer) throws JsonProcessingException {
        PrintWriter out = spec.commandLine().getOut();
        out.println(JSON.writeValueAsString(answer));
        out.flush();
        return 0;
    }

    /** Prints each problem; returns the usage-error status. */
    static int usageError(CommandSpec spec, List<String> problems) {
        PrintWriter err = spec.commandLine().getErr();
        problems.forEach(problem -> err.println("monitor: error: " + problem));
        err.flush();
        return MonitorCli.USAGE_ERROR;
    }

    static int usageError(CommandSpec spec, String problem) {
        return usageError(spec, List.of(problem));
    }
}
