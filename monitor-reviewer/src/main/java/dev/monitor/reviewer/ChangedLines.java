package dev.monitor.reviewer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lines a change added or modified, by file: what a pull-request reviewer sees, read from
 * {@code git diff -U0 BASE..HEAD}. Paths are relative to the repository's top folder. Immutable.
 */
public final class ChangedLines {
    private static final Pattern HUNK = Pattern.compile("^@@ -\\d+(?:,\\d+)? \\+(\\d+)(?:,(\\d+))? @@");
    private static final Pattern RANGE = Pattern.compile("[\\w./~^@{}-]+(\\.\\.[\\w./~^@{}-]+)?");

    private final Path root;
    private final Map<String, List<int[]>> byFile;

    private ChangedLines(Path root, Map<String, List<int[]>> byFile) {
        this.root = root;
        this.byFile = byFile;
    }

    /**
     * The lines changed between two commits of the git repository holding {@code folder}: {@code range} is
     * {@code BASE..HEAD}, or {@code BASE} alone for the changes of the working tree since BASE.
     */
    public static ChangedLines fromGit(Path folder, String range) throws IOException {
        if (!RANGE.matcher(range).matches() || range.startsWith("-")) {
            throw new IllegalArgumentException("--diff '" + range + "' is not BASE..HEAD or BASE (git revisions)");
        }
        Path top = Path.of(git(folder, "rev-parse", "--show-toplevel").strip());
        String diff = git(top, "-c", "core.quotepath=off", "diff", "--no-color", "--no-ext-diff", "-U0", range, "--");
        return parse(top, diff);
    }

    /** The changed lines of a unified diff's text, with paths relative to {@code root}. */
    static ChangedLines parse(Path root, String unifiedDiff) {
        Map<String, List<int[]>> byFile = new HashMap<>();
        String file = null;
        for (String line : unifiedDiff.split("\n", -1)) {
            if (line.startsWith("+++ ")) {
                String name = line.substring(4).strip();
                file = name.startsWith("b/") ? name.substring(2) : null; // "/dev/null": the file was deleted
            } else if (file != null && line.startsWith("@@")) {
                Matcher hunk = HUNK.matcher(line);
                if (hunk.find()) {
                    int start = Integer.parseInt(hunk.group(1));
                    int count = hunk.group(2) == null ? 1 : Integer.parseInt(hunk.group(2));
                    if (count > 0) {
                        byFile.computeIfAbsent(file, f -> new ArrayList<>()).add(new int[] {start, start + count - 1});
                    }
                }
            }
        }
        return new ChangedLines(root, byFile);
    }

    /** The repository's top folder, which the paths are relative to. */
    public Path root() {
        return root;
    }

    /** True when any of lines {@code start}..{@code end} of {@code file} was added or changed. */
    public boolean touches(String file, int start, int end) {
        for (int[] range : byFile.getOrDefault(file, List.of())) {
            if (range[0] <= end && start <= range[1]) {
                return true;
            }
        }
        return false;
    }

    /** The files with changed lines. */
    public int files() {
        return byFile.size();
    }

    private static String git(Path folder, String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of("git", "-C", folder.toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().close();
        // Both streams drained at once: a large diff fills the pipe while git still writes its errors.
        CompletableFuture<String> errors = CompletableFuture.supplyAsync(() -> text(process.getErrorStream()));
        String output = text(process.getInputStream());
        try {
            int status = process.waitFor();
            if (status != 0) {
                throw new IOException("git " + String.join(" ", arguments) + " in " + folder + " exited " + status + ": "
                        + errors.join().strip());
            }
            return output;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
            throw new IOException("interrupted while git " + String.join(" ", arguments) + " ran", e);
        }
    }

    private static String text(InputStream stream) {
        try (InputStream in = stream) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            in.transferTo(bytes);
            return bytes.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
