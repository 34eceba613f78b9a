package org.tiangong.analytics.connect;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The rule of an enterprise's allow-list of endpoint targets ({@link EndpointTargetStore}): a URL's host is allowed
 * when it equals a listed host name, or is an IP address inside a listed address or CIDR block. Names are compared as
 * written and never resolved, so checking sends nothing anywhere. Shared by the API (before a test, browse or save)
 * and the collector (before it connects an endpoint saved earlier).
 */
public final class TargetAllowList {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private TargetAllowList() {}

    /** Whether the URL's host is on the list; false for a URL without a host. */
    public static boolean allows(List<String> entries, String url) {
        String host = host(url);
        return host != null && allowedHost(entries, host);
    }

    /** The host of a URL, lower case, IPv6 without brackets; null when there is none. */
    public static String host(String url) {
        try {
            String h = URI.create(url).getHost();
            if (h == null) return null;
            if (h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
            return h.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException ex) {
            return null;
        }
    }

    public static boolean allowedHost(List<String> entries, String host) {
        byte[] address = literal(host);
        for (String entry : entries) {
            if (address == null) {
                if (entry.equalsIgnoreCase(host)) return true;
            } else if (isAddressEntry(entry) && inBlock(address, entry)) {
                return true;
            }
        }
        return false;
    }

    /** Whether an entry is an address or CIDR block (else a host name). */
    public static boolean isAddressEntry(String entry) {
        String a = entry.contains("/") ? entry.substring(0, entry.indexOf('/')) : entry;
        return a.contains(":") || IPV4.matcher(a).matches();
    }

    /** The bytes of an IP literal; null for a name (never resolved). */
    public static byte[] literal(String host) {
        if (IPV4.matcher(host).matches()) {
            // parsed by hand: InetAddress would look up an out-of-range "999.1.1.1" as a name
            String[] octets = host.split("\\.");
            byte[] out = new byte[4];
            for (int i = 0; i < 4; i++) {
                int v = Integer.parseInt(octets[i]);
                if (v > 255) return null;
                out[i] = (byte) v;
            }
            return out;
        }
        if (!host.contains(":") || !host.matches("[0-9a-fA-F:.]+")) return null;
        try {
            return InetAddress.getByName(host).getAddress(); // a literal: parsed, not looked up
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static boolean inBlock(byte[] address, String entry) {
        String[] parts = entry.split("/", 2);
        byte[] net = literal(parts[0]);
        if (net == null || net.length != address.length) return false;
        int bits = parts.length == 2 ? Integer.parseInt(parts[1]) : net.length * 8;
        BigInteger mask = bits == 0
                ? BigInteger.ZERO
                : BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE).shiftLeft(net.length * 8 - bits);
        return new BigInteger(1, address).and(mask).equals(new BigInteger(1, net).and(mask));
    }
}
