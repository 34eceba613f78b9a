package org.tiangong.api.cli;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.tiangong.analytics.accounts.AuditLog;
import org.tiangong.analytics.accounts.Role;
import org.tiangong.analytics.accounts.UserAccount;
import org.tiangong.analytics.accounts.UserStore;
import org.tiangong.analytics.accounts.VendorStore;
import org.tiangong.analytics.db.Database;
import org.tiangong.analytics.db.Jdbc;
import org.tiangong.api.accounts.PasswordHasher;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Accounts without the API: the first administrator of a fresh database, and a way back in when every admin password
 * is lost. Passwords come from standard input (or the terminal, without echo), never from the command line, which
 * ends up in shell history and {@code ps}. Every change is written to the audit log with the actor {@code cli}.
 */
@Command(
        name = "admin",
        mixinStandardHelpOptions = true,
        description = "Manage accounts directly in the database (first administrator, password reset).",
        subcommands = {AdminCommand.CreateUser.class, AdminCommand.ResetPassword.class, AdminCommand.ListUsers.class})
public final class AdminCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The one password check of the CLI: the same policy the API applies (null when the password is acceptable). */
    static String passwordProblem(String password) {
        return PasswordHasher.weakness(password);
    }

    /** Reads the password: from the terminal without echo (asked twice), else the first line of standard input. */
    static String readPassword(InputStream stdin, String prompt) {
        Console console = stdin == System.in ? System.console() : null;
        if (console != null) {
            char[] first = console.readPassword("%s: ", prompt);
            char[] second = console.readPassword("repeat %s: ", prompt);
            if (first == null || second == null) throw new IllegalArgumentException("no password given");
            if (!java.util.Arrays.equals(first, second)) throw new IllegalArgumentException("the two passwords differ");
            return new String(first);
        }
        try {
            String line = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) {
                throw new IllegalArgumentException("no password on standard input: pipe it in, e.g. "
                        + "`tiangong admin create-user --username admin --role admin < password.txt`");
            }
            return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the password from standard input: " + e.getMessage(), e);
        }
    }

    static void requireStrong(String password) {
        String problem = passwordProblem(password);
        if (problem != null) throw new IllegalArgumentException(problem);
    }

    static String username(String raw) {
        String u = raw.trim().toLowerCase(Locale.ROOT);
        if (!u.matches("[a-z0-9][a-z0-9._-]{2,63}")) {
            throw new IllegalArgumentException(
                    "--username must be 3–64 characters: lower-case letters, digits, '.', '_' or '-'");
        }
        return u;
    }

    static void audit(Database db, String action, String target, JsonObject detail) throws SQLException {
        new AuditLog(db.dataSource())
                .append(
                        null,
                        "cli:" + System.getProperty("user.name", "unknown"),
                        action,
                        target,
                        detail.encode(),
                        null);
    }

    @Command(
            name = "create-user",
            mixinStandardHelpOptions = true,
            description = "Create an account; the password is read from standard input (or asked for on a terminal).")
    static final class CreateUser implements java.util.concurrent.Callable<Integer> {

        private final InputStream stdin;

        @Mixin
        DbOptions db;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(
                names = "--username",
                required = true,
                description = "login name: 3–64 lower-case letters, digits, '.', '_' or '-'")
        String username;

        @Option(names = "--role", required = true, description = "admin, plant_manager, bureau or vendor")
        String role;

        @Option(names = "--display-name", description = "name shown in the dashboard (default: the user name)")
        String displayName;

        @Option(
                names = "--enterprise",
                paramLabel = "CODE_OR_ID",
                description = "the enterprise of a plant_manager (its code or id)")
        String enterprise;

        @Option(
                names = "--vendor",
                paramLabel = "NAME",
                description = "the vendor organisation of a vendor (created when new)")
        String vendor;

        CreateUser() {
            this(System.in);
        }

        CreateUser(InputStream stdin) {
            this.stdin = stdin;
        }

        @Override
        public Integer call() throws SQLException {
            String name = username(username);
            Role r = Role.fromKey(role.trim().toLowerCase(Locale.ROOT))
                    .orElseThrow(() ->
                            new IllegalArgumentException("--role must be one of admin, plant_manager, bureau, vendor"));
            if (r == Role.PLANT_MANAGER && enterprise == null)
                throw new IllegalArgumentException("a plant_manager needs --enterprise CODE");
            if (r != Role.PLANT_MANAGER && enterprise != null)
                throw new IllegalArgumentException("only a plant_manager takes --enterprise");
            if (r == Role.VENDOR && vendor == null) throw new IllegalArgumentException("a vendor needs --vendor NAME");
            if (r != Role.VENDOR && vendor != null) throw new IllegalArgumentException("only a vendor takes --vendor");
            String display = displayName == null || displayName.isBlank() ? name : displayName.trim();
            if (display.length() > 100)
                throw new IllegalArgumentException("--display-name may have at most 100 characters");
            String password = readPassword(stdin, "password for " + name);
            requireStrong(password);
            try (Database database = Database.open(db.required())) {
                UserStore users = new UserStore(database.dataSource());
                if (users.byUsername(name).isPresent())
                    throw new IllegalArgumentException("user name " + name + " is taken");
                UUID enterpriseId = r == Role.PLANT_MANAGER ? enterpriseId(database, enterprise) : null;
                UUID vendorId = r == Role.VENDOR
                        ? new VendorStore(database.dataSource())
                                .ensure(vendor.trim())
                                .id()
                        : null;
                UserAccount created =
                        users.create(name, display, r, enterpriseId, vendorId, new PasswordHasher().hash(password));
                audit(
                        database,
                        "user_created",
                        created.id().toString(),
                        new JsonObject()
                                .put("username", name)
                                .put("role", r.key())
                                .put("enterpriseId", enterpriseId == null ? null : enterpriseId.toString())
                                .put("vendorId", vendorId == null ? null : vendorId.toString()));
                spec.commandLine().getOut().println("created " + r.key() + " " + name + " (" + created.id() + ")");
            }
            return 0;
        }

        private static UUID enterpriseId(Database database, String codeOrId) throws SQLException {
            Jdbc jdbc = new Jdbc(database.dataSource());
            String s = codeOrId.trim();
            try {
                UUID id = UUID.fromString(s);
                if (jdbc.one("SELECT id FROM enterprise WHERE id = ?", rs -> rs.getObject(1, UUID.class), id)
                        .isPresent()) return id;
            } catch (IllegalArgumentException notAnId) {
                // a code, then
            }
            return jdbc.one("SELECT id FROM enterprise WHERE code = ?", rs -> rs.getObject(1, UUID.class), s)
                    .orElseThrow(() -> new IllegalArgumentException("no enterprise with code or id " + s
                            + "; create it first (POST /api/v1/enterprises as an admin)"));
        }
    }

    @Command(
            name = "reset-password",
            mixinStandardHelpOptions = true,
            description = "Set a new password for an account (read from standard input) and re-enable it.")
    static final class ResetPassword implements java.util.concurrent.Callable<Integer> {

        private final InputStream stdin;

        @Mixin
        DbOptions db;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--username", required = true, description = "the account's login name")
        String username;

        ResetPassword() {
            this(System.in);
        }

        ResetPassword(InputStream stdin) {
            this.stdin = stdin;
        }

        @Override
        public Integer call() throws SQLException {
            String name = username(username);
            String password = readPassword(stdin, "new password for " + name);
            requireStrong(password);
            try (Database database = Database.open(db.required())) {
                UserStore users = new UserStore(database.dataSource());
                UserAccount u =
                        users.byUsername(name).orElseThrow(() -> new IllegalArgumentException("no user " + name));
                users.setPasswordHash(u.id(), new PasswordHasher().hash(password));
                if (u.disabled())
                    users.update(u.id(), u.displayName(), u.role(), u.enterpriseId(), u.vendorId(), false);
                audit(
                        database,
                        "user_updated",
                        u.id().toString(),
                        new JsonObject()
                                .put("username", name)
                                .put("passwordReset", true)
                                .put("reenabled", u.disabled()));
                spec.commandLine()
                        .getOut()
                        .println("password of " + name + " reset" + (u.disabled() ? "; account re-enabled" : ""));
            }
            return 0;
        }
    }

    @Command(
            name = "list-users",
            mixinStandardHelpOptions = true,
            description = "List accounts: name, role, binding, state.")
    static final class ListUsers implements java.util.concurrent.Callable<Integer> {

        @Mixin
        DbOptions db;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws SQLException {
            try (Database database = Database.open(db.required())) {
                Jdbc jdbc = new Jdbc(database.dataSource());
                Map<UUID, String> enterprises = new java.util.HashMap<>();
                jdbc.list(
                        "SELECT id, code FROM enterprise",
                        rs -> enterprises.put(rs.getObject(1, UUID.class), rs.getString(2)));
                Map<UUID, String> vendors = new java.util.HashMap<>();
                jdbc.list(
                        "SELECT id, name FROM vendor_org",
                        rs -> vendors.put(rs.getObject(1, UUID.class), rs.getString(2)));
                PrintWriter out = spec.commandLine().getOut();
                out.printf("%-24s %-14s %-24s %-9s %s%n", "USERNAME", "ROLE", "ENTERPRISE/VENDOR", "STATE", "CREATED");
                for (UserAccount u : new UserStore(database.dataSource()).all()) {
                    String binding = u.enterpriseId() != null
                            ? enterprises.getOrDefault(
                                    u.enterpriseId(), u.enterpriseId().toString())
                            : u.vendorId() != null
                                    ? vendors.getOrDefault(
                                            u.vendorId(), u.vendorId().toString())
                                    : "-";
                    out.printf(
                            "%-24s %-14s %-24s %-9s %s%n",
                            u.username(), u.role().key(), binding, u.disabled() ? "disabled" : "active", u.createdAt());
                }
                out.flush();
            }
            return 0;
        }
    }
}
