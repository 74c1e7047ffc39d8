package dev.monitor.reviewer;

import java.util.function.Consumer;

/**
 * One check over one parsed source file. Implementations are stateless and thread-safe: a review may run the
 * same detector over many files at once. {@code Detectors.all()} lists the built-in ones.
 */
public interface Detector {
    /** The rule this detector reports under. */
    Rule rule();

    /** Reports each finding in {@code file} to {@code findings}, made with {@link SourceFile#finding}. */
    void inspect(SourceFile file, Consumer<Finding> findings);
}
