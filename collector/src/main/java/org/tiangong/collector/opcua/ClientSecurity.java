package org.tiangong.collector.opcua;

import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.eclipse.milo.opcua.sdk.client.OpcUaClientConfigBuilder;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.sdk.client.identity.IdentityProvider;
import org.eclipse.milo.opcua.sdk.client.identity.UsernameProvider;
import org.eclipse.milo.opcua.sdk.client.identity.X509IdentityProvider;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.UserTokenType;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.UserTokenPolicy;

/**
 * How the collector secures its connection to an endpoint: the security policy and message mode it asks for, the
 * user identity, and — for any policy but None — the platform's certificate and trust list ({@link ClientPki}).
 * Which server endpoint is used is decided here, by {@link #accepts}.
 *
 * @param allowUntrusted development only, set per endpoint by an operator: a server certificate that is not in the
 *                       trust list is still quarantined and logged, but accepted
 */
public record ClientSecurity(
        SecurityPolicy policy, MessageSecurityMode mode, Identity identity, ClientPki pki, boolean allowUntrusted) {

    /** The policies the platform offers to use (design.md: Basic128Rsa15 and Basic256 are deprecated). */
    public static final List<SecurityPolicy> SUPPORTED_POLICIES = List.of(
            SecurityPolicy.None,
            SecurityPolicy.Basic256Sha256,
            SecurityPolicy.Aes128_Sha256_RsaOaep,
            SecurityPolicy.Aes256_Sha256_RsaPss);

    /** No signing, no encryption, anonymous user: for the simulator and isolated plant networks. */
    public static final ClientSecurity NONE =
            new ClientSecurity(SecurityPolicy.None, MessageSecurityMode.None, Identity.ANONYMOUS, null, false);

    /** Who the collector logs in as. */
    public sealed interface Identity {
        Anonymous ANONYMOUS = new Anonymous();

        UserTokenType tokenType();
    }

    public record Anonymous() implements Identity {
        public UserTokenType tokenType() {
            return UserTokenType.Anonymous;
        }
    }

    /** A user name and password. The password is never part of {@link #toString()}. */
    public record UserName(String username, String password) implements Identity {
        public UserName {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
        }

        public UserTokenType tokenType() {
            return UserTokenType.UserName;
        }

        @Override
        public String toString() {
            return "UserName[" + username + "]";
        }
    }

    /** The platform's application certificate used as the user's certificate as well. */
    public record X509() implements Identity {
        public UserTokenType tokenType() {
            return UserTokenType.Certificate;
        }
    }

    public ClientSecurity {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(identity, "identity");
        if (!SUPPORTED_POLICIES.contains(policy)) {
            throw new IllegalArgumentException("security policy " + policy + " is deprecated or unknown; use one of "
                    + SUPPORTED_POLICIES.stream().map(Enum::name).toList());
        }
        if ((policy == SecurityPolicy.None) != (mode == MessageSecurityMode.None)) {
            throw new IllegalArgumentException("security policy " + policy + " does not go with mode " + mode
                    + ": None goes with None, the others with Sign or SignAndEncrypt");
        }
        if (mode == MessageSecurityMode.Invalid) throw new IllegalArgumentException("mode Invalid");
        if ((policy != SecurityPolicy.None || identity instanceof X509) && pki == null) {
            throw new IllegalArgumentException("security policy " + policy + " with " + identity.tokenType()
                    + " needs the platform's certificate and trust list");
        }
    }

    /**
     * The security of an endpoint saved by name (as the platform stores it: {@code Basic256Sha256},
     * {@code SignAndEncrypt}); {@code pki} is asked for only when {@link #needsPki} says so.
     *
     * @throws IllegalArgumentException for an unknown, deprecated or mismatched policy or mode
     */
    public static ClientSecurity of(
            String policy, String mode, Identity identity, PkiSource pki, boolean allowUntrusted)
            throws java.io.IOException {
        SecurityPolicy p = policyNamed(policy);
        MessageSecurityMode m;
        try {
            m = MessageSecurityMode.valueOf(mode);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown security mode " + mode + "; use None, Sign or SignAndEncrypt");
        }
        return new ClientSecurity(p, m, identity, needsPki(policy, identity) ? pki.get() : null, allowUntrusted);
    }

    /** Whether a connection with this policy and identity needs the platform's certificate and a trust list. */
    public static boolean needsPki(String policy, Identity identity) {
        return policyNamed(policy) != SecurityPolicy.None || identity instanceof X509;
    }

    /** The names of {@link #SUPPORTED_POLICIES}, for people and forms. */
    public static List<String> supportedPolicyNames() {
        return SUPPORTED_POLICIES.stream().map(Enum::name).toList();
    }

    private static SecurityPolicy policyNamed(String policy) {
        try {
            return SecurityPolicy.valueOf(policy);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "unknown security policy " + policy + "; use one of " + supportedPolicyNames());
        }
    }

    /** Where the trust list for one endpoint comes from (opened at first use, so it may fail). */
    @FunctionalInterface
    public interface PkiSource {
        ClientPki get() throws java.io.IOException;
    }

    /** Whether the collector may connect through this endpoint of the server. */
    public boolean accepts(EndpointDescription endpoint) {
        return policy.getUri().equals(endpoint.getSecurityPolicyUri())
                && mode == endpoint.getSecurityMode()
                && tokenPolicies(endpoint).anyMatch(t -> t.getTokenType() == identity.tokenType());
    }

    static Stream<UserTokenPolicy> tokenPolicies(EndpointDescription endpoint) {
        return Stream.ofNullable(endpoint.getUserIdentityTokens()).flatMap(Stream::of);
    }

    /** Puts the certificate, the validator and the identity into a Milo client configuration. */
    public void configure(OpcUaClientConfigBuilder builder, String endpointName) {
        if (pki != null) {
            builder.setApplicationUri(ClientPki.APPLICATION_URI)
                    .setKeyPair(pki.keyPair())
                    .setCertificate(pki.certificate())
                    .setCertificateChain(new java.security.cert.X509Certificate[] {pki.certificate()})
                    .setCertificateValidator(pki.validator(allowUntrusted, endpointName));
        }
        builder.setIdentityProvider(identityProvider());
    }

    private IdentityProvider identityProvider() {
        if (identity instanceof UserName u) return new UsernameProvider(u.username(), u.password());
        if (identity instanceof X509)
            return new X509IdentityProvider(pki.certificate(), pki.keyPair().getPrivate());
        return new AnonymousProvider();
    }
}
