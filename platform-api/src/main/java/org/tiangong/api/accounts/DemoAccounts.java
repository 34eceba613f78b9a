package org.tiangong.api.accounts;

import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.tiangong.analytics.accounts.Role;
import org.tiangong.analytics.accounts.UserAccount;
import org.tiangong.analytics.accounts.UserStore;
import org.tiangong.analytics.accounts.VendorOrg;
import org.tiangong.analytics.accounts.VendorStore;

/**
 * One account per role for the demo, so a newcomer can try each view. Passwords are random, set when an account
 * is created (or reset on request) and returned so the launcher prints them once; they are stored only as hashes.
 */
public final class DemoAccounts {

    public static final String VENDOR_ORG = "示例设备供应商 Demo Equipment Co.";

    private final UserStore users;
    private final VendorStore vendors;
    private final PasswordHasher hasher;
    private final SecureRandom random = new SecureRandom();

    public DemoAccounts(UserStore users, VendorStore vendors, PasswordHasher hasher) {
        this.users = users;
        this.vendors = vendors;
        this.hasher = hasher;
    }

    /** A demo account and, when it was just created or reset, its password. */
    public record Account(String username, Role role, String password) {}

    /**
     * Ensures the demo accounts exist: {@code admin}, {@code manager} (plant manager of {@code enterpriseId}),
     * {@code bureau}, and {@code vendor} (of the demo vendor organisation, granted {@code vendorMachines}).
     *
     * @param resetPasswords give existing accounts new passwords too
     */
    public List<Account> ensure(UUID enterpriseId, List<UUID> vendorMachines, boolean resetPasswords)
            throws SQLException {
        VendorOrg vendor = vendors.ensure(VENDOR_ORG);
        List<Account> out = new ArrayList<>();
        UserAccount admin = ensure(out, "admin", "平台管理员 Platform admin", Role.ADMIN, null, null, resetPasswords);
        ensure(out, "manager", "厂长 Plant manager", Role.PLANT_MANAGER, enterpriseId, null, resetPasswords);
        ensure(out, "bureau", "县经信局 County economic bureau", Role.BUREAU, null, null, resetPasswords);
        ensure(out, "vendor", "设备厂商工程师 Vendor engineer", Role.VENDOR, null, vendor.id(), resetPasswords);
        for (UUID machine : vendorMachines) vendors.grant(vendor.id(), machine, admin.id());
        return out;
    }

    private UserAccount ensure(
            List<Account> out,
            String username,
            String displayName,
            Role role,
            UUID enterpriseId,
            UUID vendorId,
            boolean reset)
            throws SQLException {
        Optional<UserAccount> existing = users.byUsername(username);
        if (existing.isPresent()) {
            if (reset) {
                String password = newPassword();
                users.setPasswordHash(existing.get().id(), hasher.hash(password));
                out.add(new Account(username, role, password));
            } else {
                out.add(new Account(username, role, null));
            }
            return existing.get();
        }
        String password = newPassword();
        UserAccount created = users.create(username, displayName, role, enterpriseId, vendorId, hasher.hash(password));
        out.add(new Account(username, role, password));
        return created;
    }

    private String newPassword() {
        return randomPassword(random);
    }

    /** 14 characters from an alphabet without look-alikes (no 0/O, 1/l/I). */
    public static String randomPassword(java.security.SecureRandom random) {
        String alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 14; i++) sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        return sb.toString();
    }
}
