package dev.monitor.reviewer.detectors;

import dev.monitor.reviewer.Detector;
import java.util.List;

/** The built-in detectors, one per rule. */
public final class Detectors {
    private Detectors() {
    }

    /** Every built-in detector, in report order: leaks, security, input validation, best practice, observability. */
    public static List<Detector> all() {
        List<Detector> all = new java.util.ArrayList<>(List.of(new ResourceLeakDetector(), new ExecutorShutdownDetector(), new TraceEntityLeakDetector(),
                new SqlInjectionDetector(), new XxeDetector(), new WeakCryptoDetector(), new InsecureRandomDetector(),
                new HardcodedCredentialsDetector(), new DeserializationDetector(), new TrustAllDetector(),
                new SecretLoggingDetector(), new CommandInjectionDetector(), new PathTraversalDetector(),
                new UnvalidatedInputDetector()));
        all.addAll(BestPracticeDetectors.all());
        all.add(new PerCallConstructionDetector());
        all.addAll(ObservabilityDetectors.all());
        return List.copyOf(all);
    }
}
