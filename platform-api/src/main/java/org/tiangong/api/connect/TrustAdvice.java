package org.tiangong.api.connect;

import org.tiangong.analytics.accounts.Role;
import org.tiangong.api.accounts.Principal;
import org.tiangong.collector.opcua.ConnectionTester;

/**
 * The connection test's message for the caller's role: only admins and plant managers may trust a server
 * certificate, so a vendor (or the bureau) is told whom to ask instead of a route that would answer 403.
 */
final class TrustAdvice {

    private TrustAdvice() {}

    static String message(Principal p, ConnectionTester.Report r) {
        if (r.outcome() != ConnectionTester.Outcome.SERVER_CERTIFICATE_UNTRUSTED
                || p.is(Role.ADMIN)
                || p.is(Role.PLANT_MANAGER)) {
            return r.message();
        }
        return "The server's certificate is not trusted yet (thumbprint " + r.thumbprint()
                + "). Compare the thumbprint with "
                + "the one shown on the machine, then ask your plant manager (厂长) or an administrator to trust the "
                + "certificate with this thumbprint (they find it under GET /api/v1/pki/rejected); test again once they have. "
                + "服务器证书尚未被信任：请核对指纹后，请厂长或管理员信任该证书，然后重新测试。";
    }
}
