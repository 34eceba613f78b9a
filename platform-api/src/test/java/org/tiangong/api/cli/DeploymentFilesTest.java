package org.tiangong.api.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.tiangong.analytics.db.Database;
import org.tiangong.analytics.testing.TestDatabases;
import org.tiangong.api.ApiServer;
import org.tiangong.api.ApiSettings;
import org.tiangong.api.HttpTestClient;
import org.w3c.dom.Document;
import picocli.CommandLine;

/**
 * docker-compose.yml and deploy/k8s agree with the code (issue #16): every mounted host file exists in the repository,
 * every image is a pinned public one or the one Maven builds, every command of that image is a tiangong subcommand
 * whose options picocli accepts, heaps and memory limits are the documented ones, the hosts named in commands and
 * database URLs are services of the file, and the probes' paths answer on a running API. No Docker, no network.
 */
class DeploymentFilesTest {

    static final Path REPO = Path.of("").toAbsolutePath().getParent();
    static final YAMLMapper YAML = new YAMLMapper();
    /** name:tag with a version-like tag (digits, not "latest"), optionally a registry/namespace. */
    static final Pattern PINNED = Pattern.compile("[a-z0-9][a-z0-9./_-]*:(?!latest$)[A-Za-z0-9._-]*\\d[A-Za-z0-9._-]*");

    @Test
    void composeRunsTheWholeCountyWithFilesThatExistAndCommandsThatParse() throws Exception {
        JsonNode compose = YAML.readTree(REPO.resolve("docker-compose.yml").toFile());
        String mavenImage = mavenImage();
        JsonNode services = compose.path("services");
        Set<String> serviceNames = new LinkedHashSet<>();
        services.fieldNames().forEachRemaining(serviceNames::add);
        Set<String> declaredVolumes = new LinkedHashSet<>();
        compose.path("volumes").fieldNames().forEachRemaining(declaredVolumes::add);
        Map<String, Integer> roles = new HashMap<>();
        List<String> publicImages = new ArrayList<>();

        for (String name : serviceNames) {
            JsonNode service = services.get(name);
            String image = service.path("image").asText(null);
            assertThat(image).as("%s: image", name).isNotNull();
            assertThat(service.has("build"))
                    .as("%s: built by Maven, not by compose", name)
                    .isFalse();
            for (JsonNode volume : service.path("volumes")) {
                String source = volume.asText().split(":")[0];
                if (source.startsWith(".") || source.startsWith("/")) {
                    assertThat(REPO.resolve(source).normalize())
                            .as("%s mounts %s", name, source)
                            .exists();
                } else {
                    assertThat(declaredVolumes)
                            .as("%s: named volume %s", name, source)
                            .contains(source);
                }
            }
            if (!image.equals(mavenImage)) {
                assertThat(image).as("%s: a pinned public image", name).matches(PINNED);
                publicImages.add(image);
                continue;
            }
            List<String> args = strings(service.path("command"));
            String command = parsedSubcommand(args, name);
            roles.merge(command, 1, Integer::sum);
            assertThat(service.path("environment").path("JAVA_TOOL_OPTIONS").asText())
                    .as("%s: the documented JVM options of %s (README, HeapAdvice)", name, command)
                    .isEqualTo(HeapAdvice.javaToolOptions(command));
            for (String host : hostsIn(String.join(" ", args) + " " + service.path("environment")))
                assertThat(serviceNames).as("%s names host %s", name, host).contains(host);
        }
        assertThat(roles).containsEntry("ingest", 2).containsEntry("api", 2);
        assertThat(roles.get("collect")).isGreaterThanOrEqualTo(1);
        assertThat(roles.get("simulate")).isGreaterThanOrEqualTo(1);
        assertThat(publicImages).anyMatch(i -> i.startsWith("timescale/timescaledb:"));
        assertThat(publicImages).anyMatch(i -> i.startsWith("hivemq/hivemq-ce:") || i.startsWith("emqx/emqx:"));
    }

    @Test
    void kubernetesManifestsRunMavensImageWithValidCommandsLimitsAndProbes() throws Exception {
        List<JsonNode> docs = new ArrayList<>();
        try (Stream<Path> files = Files.list(REPO.resolve("deploy/k8s"))) {
            for (Path f :
                    files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                try (MappingIterator<JsonNode> it =
                        YAML.readerFor(JsonNode.class).readValues(f.toFile())) {
                    docs.addAll(it.readAll());
                }
            }
        }
        JsonNode kustomization = docs.stream()
                .filter(d -> d.path("kind").asText().equals("Kustomization"))
                .findFirst()
                .orElseThrow();
        for (JsonNode r : kustomization.path("resources"))
            assertThat(REPO.resolve("deploy/k8s").resolve(r.asText())).exists();
        Set<String> configMaps = names(docs, "ConfigMap"), secrets = names(docs, "Secret");
        String mavenImage = mavenImage();
        Set<String> probePaths = new LinkedHashSet<>();
        Map<String, Integer> roles = new HashMap<>();

        for (JsonNode doc : docs) {
            JsonNode pod = doc.path("spec").path("template").path("spec");
            for (JsonNode c : pod.path("containers")) {
                String name = doc.path("metadata").path("name").asText() + "/"
                        + c.path("name").asText();
                assertThat(c.path("image").asText()).as(name).isEqualTo(mavenImage);
                String command = parsedSubcommand(strings(c.path("args")), name);
                roles.merge(command, doc.path("spec").path("replicas").asInt(1), Integer::sum);
                // the image's -XX:MaxRAMPercentage=50: the heap is half the limit, which must be the documented one
                assertThat(c.has("env") && c.path("env").toString().contains("JAVA_TOOL_OPTIONS"))
                        .isFalse();
                assertThat(mebibytes(c.path("resources")
                                .path("limits")
                                .path("memory")
                                .asText()))
                        .as("%s: memory limit = twice the documented heap of %s", name, command)
                        .isEqualTo(2 * mebibytes(HeapAdvice.DEFAULTS.get(command)));
                for (JsonNode from : c.path("envFrom")) {
                    if (from.has("configMapRef"))
                        assertThat(configMaps)
                                .contains(from.path("configMapRef").path("name").asText());
                    if (from.has("secretRef"))
                        assertThat(secrets)
                                .contains(from.path("secretRef").path("name").asText());
                }
                Set<String> ports = new LinkedHashSet<>();
                for (JsonNode p : c.path("ports")) {
                    ports.add(p.path("name").asText());
                    ports.add(p.path("containerPort").asText());
                    if (command.equals("api"))
                        assertThat(strings(c.path("args")))
                                .containsSubsequence(
                                        "--port", p.path("containerPort").asText());
                }
                for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
                    JsonNode p = c.path(probe);
                    if (p.isMissingNode()) continue;
                    JsonNode http = p.path("httpGet");
                    JsonNode port = http.isMissingNode() ? p.path("tcpSocket").path("port") : http.path("port");
                    assertThat(ports).as("%s %s port", name, probe).contains(port.asText());
                    if (!http.isMissingNode()) probePaths.add(http.path("path").asText());
                }
            }
        }
        assertThat(roles).containsKeys("api", "ingest", "migrate");
        assertThat(probePaths).isNotEmpty();
        for (JsonNode doc : docs) {
            if (!doc.path("kind").asText().equals("Service")) continue;
            for (JsonNode p : doc.path("spec").path("ports"))
                assertThat(p.path("targetPort").asText()).isEqualTo("http");
        }
        // the probes' paths answer 200 on a running API over a real database
        try (Database db = TestDatabases.fresh()) {
            Vertx vertx = Vertx.vertx();
            ApiServer server = new ApiServer(vertx, db, ApiSettings.defaults(), Clock.systemUTC());
            try {
                server.start("127.0.0.1", 0)
                        .toCompletionStage()
                        .toCompletableFuture()
                        .get();
                try (HttpTestClient http = new HttpTestClient(vertx, server.port())) {
                    for (String path : probePaths)
                        assertThat(http.get(path).status()).as(path).isEqualTo(200);
                }
            } finally {
                server.close();
                vertx.close().toCompletionStage().toCompletableFuture().get();
            }
        }
    }

    /** Parses the arguments with the real launcher; returns the subcommand's name. */
    static String parsedSubcommand(List<String> args, String where) {
        assertThat(args).as("%s: command", where).isNotEmpty();
        CommandLine.ParseResult result;
        try {
            result = new CommandLine(new TiangongCommand()).parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new AssertionError(where + ": tiangong " + String.join(" ", args) + ": " + e.getMessage(), e);
        }
        assertThat(result.subcommand()).as("%s: a tiangong subcommand", where).isNotNull();
        String name = result.subcommand().commandSpec().name();
        assertThat(HeapAdvice.DEFAULTS)
                .as("%s: documented heap of %s", where, name)
                .containsKey(name);
        return name;
    }

    /** The image name platform-api/pom.xml gives Jib, with the project's version. */
    static String mavenImage() throws Exception {
        Document pom = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(REPO.resolve("platform-api/pom.xml").toFile());
        String name = pom.getElementsByTagName("tiangong.image.name").item(0).getTextContent();
        String version = javax.xml.xpath.XPathFactory.newInstance().newXPath().evaluate("/project/parent/version", pom);
        assertThat(version).isNotBlank();
        return name.replace("${project.version}", version.trim()).trim();
    }

    /** Host names in JDBC and MQTT URLs. */
    static Set<String> hostsIn(String text) {
        Set<String> hosts = new LinkedHashSet<>();
        Matcher m = Pattern.compile("(?:jdbc:postgresql|mqtts?|opc\\.tcp)://([A-Za-z0-9.-]+)")
                .matcher(text);
        while (m.find()) hosts.add(m.group(1));
        return hosts;
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    static Set<String> names(List<JsonNode> docs, String kind) {
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode d : docs)
            if (d.path("kind").asText().equals(kind))
                out.add(d.path("metadata").path("name").asText());
        return out;
    }

    /** "2Gi", "512Mi", "1g", "256m" in MiB. */
    static long mebibytes(String size) {
        Matcher m = Pattern.compile("(\\d+)(Gi|Mi|g|m)").matcher(size.trim());
        assertThat(m.matches()).as("size %s", size).isTrue();
        long n = Long.parseLong(m.group(1));
        return m.group(2).startsWith("G") || m.group(2).equals("g") ? n * 1024 : n;
    }
}
