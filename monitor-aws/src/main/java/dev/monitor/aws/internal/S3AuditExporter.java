package dev.monitor.aws.internal;

import dev.monitor.aws.AwsClientSettings;
import dev.monitor.core.audit.internal.CloudTrailFilesProvider;
import dev.monitor.core.audit.internal.DigestKeys;
import dev.monitor.core.audit.internal.FileModes;
import dev.monitor.core.audit.internal.TrailFiles;
import dev.monitor.core.config.ConfigNode;
import dev.monitor.core.export.AuditRecord;
import dev.monitor.core.export.Exporter;
import dev.monitor.core.export.ExporterContext;
import dev.monitor.core.export.ExporterProvider;
import dev.monitor.core.export.Signal;
import dev.monitor.core.files.DataLayout;
import dev.monitor.core.internal.JsonBytes;
import dev.monitor.core.files.DataLayout.TrailKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * {@code type: s3} for the audit trail: each batch (one journal segment) becomes one CloudTrail
 * log file in S3 under CloudTrail's key, {@code [prefix/]AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/
 * <account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<unique>.json.gz} ({@code {"Records":[...]}},
 * gzipped); each digest interval (an hour by default, as CloudTrail), and at close, a signed digest
 * file under {@code CloudTrail-Digest/} listing the files put since the previous one with the
 * SHA-256 of their content, chained to the previous digest, its signature in the object's
 * metadata as CloudTrail keeps it: {@code x-amz-meta-signature} (hex) and
 * {@code x-amz-meta-signature-algorithm} ({@code SHA256withRSA}), over CloudTrail's signing string
 * {@code digestEndTime \n bucket/key \n hex SHA-256 of the digest \n previous signature}
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-digest-file-structure.html,
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-custom-validation.html).
 * With {@code kmsKeyId}, every object is put with SSE-KMS under that key.
 *
 * <p>Audit records are never dropped: a batch whose file cannot be put (the service unreachable,
 * throttling or a 5xx past the SDK's retries, missing credentials, access denied) makes
 * {@link #export} throw, so the audit trail's journal keeps the records (on disk, within its own
 * bound) and offers them again; the repeat is put under the same key, so S3 holds one file for
 * it. A batch already put that is offered again (another audit exporter failed) is not put twice.
 * A digest that cannot be put is kept, with its signature, and put at the next export or flush.
 *
 * <p>The digest chain survives a restart: the previous digest, the files put since and a digest not
 * yet put are kept in the data directory ({@link DataLayout#auditExporterDigestState}), written at
 * once after each put and each digest, so the next run's first digest names the last one and starts
 * where it ended. A state of another bucket, account or region, or one that cannot be read, starts a
 * new chain (its {@code previousDigest*} fields null), which validation reports as a gap.
 */
public final class S3AuditExporter implements Exporter<AuditRecord> {
    private static final Logger LOG = LoggerFactory.getLogger(S3AuditExporter.class);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);
    static final Duration DEFAULT_DIGEST_INTERVAL = Duration.ofHours(1);
    /** Batches remembered as put (or as named and not yet put), so a repeat is neither put twice nor named anew. */
    private static final int REMEMBERED = 4096;
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");

    /** What the exporter writes: where, as whom, signed with what. */
    record Settings(String bucket, String prefix, String account, String trailName, String kmsKeyId, Duration digestInterval) {
    }

    /** A file put since the last digest, as the digest lists it. */
    private record Put(String key, String sha256, Instant oldest, Instant newest) {
    }

    /** A digest made and signed, not yet put. */
    private record PendingDigest(String key, byte[] gzipped, String signature, String hash, Instant end) {
    }

    private final AwsClients clients;
    private final S3Client s3;
    private final Clock clock;
    private final Metering metering;
    private final Settings settings;
    private final String region;
    private final String name;
    private final KeyLoader keys;
    /** The key of each batch named so far (put or not), by the batch's identity; oldest first, bounded. */
    private final Map<String, String> named = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > REMEMBERED;
        }
    };
    private final Map<String, Boolean> putBatches = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    };
    private final List<Put> sinceDigest = new ArrayList<>();
    private Instant digestStart;
    private String previousKey;
    private String previousHash;
    private String previousSignature;
    private PendingDigest pendingDigest;
    private boolean failing;
    /** Where the chain is kept across restarts (see {@link DataLayout#auditExporterDigestState}). */
    private final Path stateFile;

    /** Loads the signing keys on first use: a monitor that never audits reads or makes none. */
    @FunctionalInterface
    interface KeyLoader {
        KeyPair load() throws IOException;
    }

    private KeyPair loaded;

    S3AuditExporter(AwsClients clients, ExporterContext context, Settings settings, KeyLoader keys, boolean forcePathStyle) {
        this.clients = clients;
        this.s3 = clients.build(S3Client.builder().forcePathStyle(forcePathStyle));
        this.clock = context.clock();
        this.metering = new Metering(context.usage(), context.clock());
        this.settings = settings;
        this.region = clients.region().id();
        this.name = context.name();
        this.keys = keys;
        this.digestStart = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        this.stateFile = context.layout().auditExporterDigestState(name);
        resume();
    }

    /**
     * Takes up the chain where the last run left it, when it was of this bucket and account: the previous
     * digest (so the next one names it), the files put since, and a digest made but not yet put. An
     * unreadable state starts a new chain, as a first run does.
     */
    private void resume() {
        if (!Files.exists(stateFile)) {
            return;
        }
        try {
            Map<String, JsonNode> state = JsonNode.parser().parse(Files.readString(stateFile)).asObject();
            if (!settings.bucket().equals(text(state, "bucket")) || !settings.account().equals(text(state, "account"))
                    || !region.equals(text(state, "region"))) {
                return; // another trail's chain: this one starts anew
            }
            digestStart = Instant.parse(text(state, "digestStart"));
            previousKey = text(state, "previousKey");
            previousHash = text(state, "previousHash");
            previousSignature = text(state, "previousSignature");
            for (JsonNode item : state.get("sinceDigest").asArray()) {
                Map<String, JsonNode> put = item.asObject();
                sinceDigest.add(new Put(text(put, "key"), text(put, "sha256"), Instant.parse(text(put, "oldest")),
                        Instant.parse(text(put, "newest"))));
            }
            JsonNode pending = state.get("pendingDigest");
            if (pending != null && !pending.isNull()) {
                Map<String, JsonNode> p = pending.asObject();
                pendingDigest = new PendingDigest(text(p, "key"), Base64.getDecoder().decode(text(p, "gzipped")), text(p, "signature"),
                        text(p, "hash"), Instant.parse(text(p, "end")));
            }
        } catch (IOException | RuntimeException e) {
            sinceDigest.clear();
            previousKey = null;
            previousHash = null;
            previousSignature = null;
            pendingDigest = null;
            LOG.warn("exporter '{}': the digest chain kept in {} cannot be read ({}); the next digest starts a new chain", name, stateFile,
                    e.toString());
        }
    }

    private static String text(Map<String, JsonNode> node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    /** Writes the chain's state, replacing the file at once so a crash leaves the old state or the new. */
    private void save() throws IOException {
        JsonBytes state = new JsonBytes();
        state.startObject();
        state.stringField("bucket", settings.bucket());
        state.stringField("account", settings.account());
        state.stringField("region", region);
        state.stringField("digestStart", digestStart.toString());
        state.stringField("previousKey", previousKey);
        state.stringField("previousHash", previousHash);
        state.stringField("previousSignature", previousSignature);
        state.name("sinceDigest").startArray();
        for (Put put : sinceDigest) {
            state.element().startObject();
            state.stringField("key", put.key);
            state.stringField("sha256", put.sha256);
            state.stringField("oldest", put.oldest.toString());
            state.stringField("newest", put.newest.toString());
            state.endObject();
        }
        state.endArray();
        if (pendingDigest != null) {
            state.name("pendingDigest").startObject();
            state.stringField("key", pendingDigest.key);
            state.stringField("gzipped", Base64.getEncoder().encodeToString(pendingDigest.gzipped));
            state.stringField("signature", pendingDigest.signature);
            state.stringField("hash", pendingDigest.hash);
            state.stringField("end", pendingDigest.end.toString());
            state.endObject();
        }
        state.endObject();
        Files.createDirectories(stateFile.getParent());
        Path temporary = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
        Files.write(temporary, state.toByteArray());
        Files.move(temporary, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public synchronized void export(List<AuditRecord> batch) throws IOException {
        putPendingDigest();
        if (!batch.isEmpty()) {
            putBatch(batch);
        }
        if (!clock.instant().isBefore(digestStart.plus(settings.digestInterval()))) {
            digest();
        }
    }

    private void putBatch(List<AuditRecord> batch) throws IOException {
        String identity = identity(batch);
        if (putBatches.containsKey(identity)) {
            return; // offered again after another exporter failed: S3 has it, the digest lists it
        }
        Instant now = clock.instant();
        Instant oldest = batch.get(0).eventTime();
        Instant newest = oldest;
        List<String> records = new ArrayList<>(batch.size());
        for (AuditRecord record : batch) {
            records.add(record.record());
            oldest = record.eventTime().isBefore(oldest) ? record.eventTime() : oldest;
            newest = record.eventTime().isAfter(newest) ? record.eventTime() : newest;
        }
        Instant deliveredAt = newest.isAfter(now) ? newest : now; // never named before its newest record
        String key = named.computeIfAbsent(identity, i -> logKey(deliveredAt));
        byte[] content = ("{\"Records\":[" + String.join(",", records) + "]}").getBytes(StandardCharsets.UTF_8);
        try {
            put(key, gzip(content), Map.of());
        } catch (SdkException e) {
            throw failed("the log file " + key + " of " + batch.size() + " audit records", e);
        }
        recovered();
        named.remove(identity);
        putBatches.put(identity, Boolean.TRUE);
        sinceDigest.add(new Put(key, TrailFiles.sha256Hex(content), oldest, newest));
        save();
    }

    /** A batch as offered again: its first and last record's ids and its size. */
    private static String identity(List<AuditRecord> batch) {
        return batch.get(0).eventId() + '\n' + batch.get(batch.size() - 1).eventId() + '\n' + batch.size();
    }

    private String logKey(Instant at) {
        String unique = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        return prefix() + DataLayout.AWS_LOGS + "/" + settings.account() + "/" + TrailKind.RECORDS.folder() + "/" + region + "/"
                + DAY.format(at) + "/" + DataLayout.trailFileName(settings.account(), TrailKind.RECORDS, region, at, unique);
    }

    private String prefix() {
        return settings.prefix() == null ? "" : settings.prefix() + "/";
    }

    /**
     * Puts a digest of the files put since the last one, and any digest still waiting: also when
     * none were put, as CloudTrail does, so the digest says that none were.
     */
    @Override
    public synchronized void flush() throws IOException {
        putPendingDigest();
        if (!sinceDigest.isEmpty() || !clock.instant().isBefore(digestStart.plus(settings.digestInterval()))) {
            digest();
        }
    }

    /** Puts a digest when files were put since the last one. */
    @Override
    public synchronized void close() throws IOException {
        try {
            clients.closing();
            putPendingDigest();
            if (!sinceDigest.isEmpty()) {
                digest();
            }
        } catch (IOException e) {
            LOG.warn("s3 exporter '{}' closes without the digest of its last log files; those files are in S3 but validation "
                    + "will report them as not covered by a digest: {}", name, e.toString());
        } finally {
            clients.close();
        }
    }

    private void digest() throws IOException {
        Instant start = digestStart;
        Instant end = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        if (!end.isAfter(start)) {
            end = start.plusSeconds(1); // names carry seconds: one digest a second at most
        }
        KeyPair pair = keys();
        String key = prefix() + DataLayout.AWS_LOGS + "/" + settings.account() + "/" + TrailKind.DIGESTS.folder() + "/" + region
                + "/" + DAY.format(end) + "/" + DataLayout.digestFileName(settings.account(), region, settings.trailName(), end);
        JsonBytes digest = new JsonBytes();
        digest.startObject();
        digest.stringField("awsAccountId", settings.account());
        digest.stringField("digestStartTime", start.toString());
        digest.stringField("digestEndTime", end.toString());
        digest.stringField("digestS3Bucket", settings.bucket());
        digest.stringField("digestS3Object", key);
        digest.stringField("digestPublicKeyFingerprint", DigestKeys.fingerprint(pair.getPublic()));
        digest.stringField("digestSignatureAlgorithm", DigestKeys.ALGORITHM);
        digest.stringField("newestEventTime", sinceDigest.stream().map(Put::newest).max(Instant::compareTo).map(Instant::toString).orElse(null));
        digest.stringField("oldestEventTime", sinceDigest.stream().map(Put::oldest).min(Instant::compareTo).map(Instant::toString).orElse(null));
        digest.stringField("previousDigestS3Bucket", previousSignature == null ? null : settings.bucket());
        digest.stringField("previousDigestS3Object", previousKey);
        digest.stringField("previousDigestHashValue", previousHash);
        digest.stringField("previousDigestHashAlgorithm", previousSignature == null ? null : "SHA-256");
        digest.stringField("previousDigestSignature", previousSignature);
        digest.name("logFiles").startArray();
        for (Put put : sinceDigest) {
            digest.element().startObject();
            digest.stringField("s3Bucket", settings.bucket());
            digest.stringField("s3Object", put.key);
            digest.stringField("hashValue", put.sha256);
            digest.stringField("hashAlgorithm", "SHA-256");
            digest.stringField("newestEventTime", put.newest.toString());
            digest.stringField("oldestEventTime", put.oldest.toString());
            digest.endObject();
        }
        digest.endArray().endObject();
        byte[] content = digest.toByteArray();
        String hash = TrailFiles.sha256Hex(content);
        String signature = DigestKeys.sign(pair.getPrivate(), signingString(end, settings.bucket(), key, hash, previousSignature));
        // The chain moves on now: the digest is made and signed, and waits until it is put.
        pendingDigest = new PendingDigest(key, gzip(content), signature, hash, end);
        sinceDigest.clear();
        digestStart = end;
        previousKey = key;
        previousHash = hash;
        previousSignature = signature;
        save(); // before the put: a crash now keeps the digest, which the next run puts
        putPendingDigest();
    }

    /** CloudTrail's data signing string for a digest at {@code bucket/key}. */
    static String signingString(Instant end, String bucket, String key, String hexHash, String previousSignature) {
        return end + "\n" + bucket + "/" + key + "\n" + hexHash + "\n" + (previousSignature == null ? "null" : previousSignature);
    }

    private void putPendingDigest() throws IOException {
        if (pendingDigest == null) {
            return;
        }
        try {
            put(pendingDigest.key, pendingDigest.gzipped,
                    Map.of("signature", pendingDigest.signature, "signature-algorithm", DigestKeys.ALGORITHM));
        } catch (SdkException e) {
            throw failed("the digest file " + pendingDigest.key + " (kept, and put at the next export or flush)", e);
        }
        recovered();
        pendingDigest = null;
        save();
    }

    private void put(String key, byte[] gzipped, Map<String, String> metadata) {
        PutObjectRequest.Builder request = PutObjectRequest.builder().bucket(settings.bucket()).key(key)
                .contentType("application/json").contentEncoding("gzip").metadata(metadata).overrideConfiguration(clients.override());
        if (settings.kmsKeyId() != null) {
            request.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(settings.kmsKeyId());
        }
        s3.putObject(request.build(), RequestBody.fromBytes(gzipped));
        metering.objectPut(gzipped.length);
    }

    private KeyPair keys() throws IOException {
        if (loaded == null) {
            loaded = keys.load();
        }
        return loaded;
    }

    /** What export throws: the journal keeps the records; the first failure of an outage is also logged. */
    private IOException failed(String what, SdkException e) {
        String message = "s3 exporter '" + name + "' could not put " + what + " in bucket " + settings.bucket() + ": "
                + e.getMessage() + ". Nothing is dropped: the audit trail's journal keeps the records and offers them again";
        if (!failing) {
            failing = true;
            LOG.warn("{}; further failures are only counted in Monitor/ExporterErrors until a put succeeds", message);
        }
        return new IOException(message, e);
    }

    private void recovered() {
        if (failing) {
            failing = false;
            LOG.info("s3 exporter '{}' puts to bucket {} again", name, settings.bucket());
        }
    }

    private static byte[] gzip(byte[] content) {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream(content.length / 4 + 64);
        try (OutputStream out = new GZIPOutputStream(zipped)) {
            out.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException("gzip into memory cannot fail", e);
        }
        return zipped.toByteArray();
    }

    /**
     * {@code type: s3}: see {@link S3AuditExporter}. Settings: {@link AwsClientSettings}',
     * {@code bucket} (required), {@code prefix}, {@code account} (12 digits, default
     * {@code 000000000000}), {@code trailName} (default {@code monitor}), {@code kmsKeyId},
     * {@code digestInterval} (default 1h), {@code forcePathStyle} (default false), and
     * {@code signingKeys: {privateKeyFile, publicKeyFile}} (default: the audit trail's own pair in
     * the data directory, the one the {@code cloudtrail-files} exporter signs with).
     */
    public static final class Provider implements ExporterProvider {
        @Override
        public String type() {
            return "s3";
        }

        @Override
        public Set<Signal<?>> signals() {
            return Set.of(Signal.AUDIT);
        }

        @Override
        public <T> Exporter<T> create(Signal<T> signal, ExporterContext context, ConfigNode settings) {
            AwsClientSettings aws = AwsClientSettings.read(settings);
            String bucket = settings.requiredString("bucket");
            boolean ok = true;
            if (bucket != null && (!BUCKET.matcher(bucket).matches() || bucket.contains(".."))) {
                settings.problem("bucket", "'" + bucket + "' is not an S3 bucket name: 3 to 63 lowercase letters, digits, '.' "
                        + "or '-', starting and ending with a letter or digit");
                ok = false;
            }
            String prefix = settings.string("prefix", null);
            if (prefix != null) {
                prefix = prefix.replaceAll("^/+|/+$", "");
                prefix = prefix.isEmpty() ? null : prefix;
            }
            String account = settings.string("account", "000000000000");
            if (!ACCOUNT.matcher(account).matches()) {
                settings.problem("account", "'" + account + "' is not an AWS account id: 12 digits");
                ok = false;
            }
            String trailName = settings.string("trailName", "monitor");
            String trailNameError = CloudTrailFilesProvider.trailNameError(trailName);
            if (trailNameError != null) {
                settings.problem("trailName", trailNameError);
                ok = false;
            }
            String kmsKeyId = settings.string("kmsKeyId", null);
            Duration interval = settings.duration("digestInterval", DEFAULT_DIGEST_INTERVAL);
            boolean pathStyle = settings.bool("forcePathStyle", false);
            Path[] keyFiles = settings.has("signingKeys") ? CloudTrailFilesProvider.keyFiles(settings.child("signingKeys")) : null;
            if (bucket == null || !ok) {
                return null;
            }
            AwsClients clients = AwsProviders.open(aws, context, settings);
            if (clients == null) {
                return null;
            }
            FileModes modes = new FileModes("rw-------");
            KeyLoader keys = keyFiles == null ? () -> DigestKeys.loadOrCreate(context.layout(), modes)
                    : () -> DigestKeys.loadOrCreate(keyFiles[0], keyFiles[1], modes);
            Settings made = new Settings(bucket, prefix, account, trailName, kmsKeyId, interval);
            return signal.as(Signal.AUDIT, new S3AuditExporter(clients, context, made, keys, pathStyle));
        }
    }
}
