package dev.monitor.reviewer;

import com.github.javaparser.Range;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * One parsed Java file as detectors see it: its syntax tree, its text by line, and its path relative to the
 * review's root. Immutable; the tree must not be changed by detectors.
 */
public final class SourceFile {
    private final String path;
    private final CompilationUnit unit;
    private final List<String> lines;

    public SourceFile(String path, CompilationUnit unit, String text) {
        this.path = Objects.requireNonNull(path, "path");
        this.unit = Objects.requireNonNull(unit, "compilation unit");
        this.lines = text.lines().toList();
    }

    /** The path relative to the review's root, with {@code /} separators. */
    public String path() {
        return path;
    }

    public CompilationUnit unit() {
        return unit;
    }

    /** Line {@code number} (1-based) without its line break, or "" past the end. */
    public String line(int number) {
        return number >= 1 && number <= lines.size() ? lines.get(number - 1) : "";
    }

    /** The number of lines. */
    public int lineCount() {
        return lines.size();
    }

    /** A finding of {@code rule} at {@code node}'s lines. */
    public Finding finding(Rule rule, Node node, String message, String fix) {
        Range range = node.getRange().orElseThrow(() -> new IllegalArgumentException("node has no position: " + node));
        // A finding spans at most the node's first few lines: a whole method body is not "where" a leak is.
        int end = Math.min(range.end.line, range.begin.line + 2);
        return finding(rule, range.begin.line, end, range.begin.column, message, fix);
    }

    /** A finding of {@code rule} at lines {@code start}..{@code end}. */
    public Finding finding(Rule rule, int start, int end, int column, String message, String fix) {
        StringBuilder text = new StringBuilder(rule.id()).append('\n').append(path).append('\n');
        for (int line = start; line <= end; line++) {
            text.append(line(line).strip().replaceAll("\\s+", " ")).append('\n');
        }
        return new Finding(rule.id(), rule.severity(), path, start, end, column, message, fix, sha256(text.toString()));
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
