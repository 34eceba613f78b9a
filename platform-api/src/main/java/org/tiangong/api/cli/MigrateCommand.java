package org.tiangong.api.cli;

import org.tiangong.analytics.db.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
        name = "migrate",
        mixinStandardHelpOptions = true,
        description =
                "Create or upgrade the database schema (TimescaleDB when available, else plain PostgreSQL), then exit.")
final class MigrateCommand implements Runnable {

    @Mixin
    DbOptions db;

    @Mixin
    StorageOptions storage;

    @Override
    public void run() {
        try (Database database = Database.open(db.required(), storage.policy())) {
            System.out.println("schema up to date on " + database.engine().description());
        }
    }
}
