package org.tiangong.api.edge;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The last good edge configuration, in a file next to the buffer ({@code <buffer>.edge-config.json}), so that an edge
 * restarted while the platform is unreachable collects what it collected before. Written to a temporary file, fsynced
 * and moved in place; readable by its owner only. Passwords in it are sealed with the edge's own secret key (its data
 * directory's {@code secret.key} or {@code TIANGONG_SECRET_KEY}), never in clear.
 */
final class EdgeConfigCache {

    /** What the file holds: the document's tag and the document (passwords sealed). */
    record Saved(String etag, JsonObject document) {}

    private final Path file;

    EdgeConfigCache(Path file) {
        this.file = file;
    }

    /** The file for the buffer {@code buffer}. */
    static EdgeConfigCache forBuffer(Path buffer) {
        return new EdgeConfigCache(buffer.resolveSibling(buffer.getFileName() + ".edge-config.json"));
    }

    Path file() {
        return file;
    }

    Optional<Saved> read() throws IOException {
        if (!Files.exists(file)) return Optional.empty();
        JsonObject o = new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
        return Optional.of(new Saved(o.getString("etag"), o.getJsonObject("document")));
    }

    void write(Saved saved) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp); // not a POSIX file system: the directory's permissions protect it
        }
        byte[] bytes = new JsonObject()
                .put("etag", saved.etag())
                .put("savedAt", java.time.Instant.now().toString())
                .put("document", saved.document())
                .encodePrettily()
                .getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) ch.write(buf);
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
