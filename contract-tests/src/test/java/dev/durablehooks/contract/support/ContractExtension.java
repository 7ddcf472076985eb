package dev.durablehooks.contract.support;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands every test the one {@link ContractTarget} of the run. It is opened on first use and kept in the root store,
 * which closes it (stopping the service and the stub) when the run ends. A target that failed to open fails every
 * test with the same cause instead of being retried for each.
 */
public final class ContractExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ContractTarget.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == ContractTarget.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Opened opened = context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent(Opened.class, k -> Opened.open(), Opened.class);
        if (opened.failure() != null) {
            throw new ParameterResolutionException("the contract target could not be opened", opened.failure());
        }
        return opened.target();
    }

    /** The outcome of opening the target, cached for the whole run. */
    private record Opened(ContractTarget target, RuntimeException failure) implements AutoCloseable {

        static Opened open() {
            try {
                return new Opened(ContractTarget.open(SuiteSettings.fromSystemProperties()), null);
            } catch (RuntimeException e) {
                return new Opened(null, e);
            }
        }

        @Override
        public void close() {
            if (target != null) {
                target.close();
            }
        }
    }
}
