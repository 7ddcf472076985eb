package dev.durablehooks.contract.support;

import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;
import org.opentest4j.TestAbortedException;

/**
 * Hands every test the one {@link ContractTarget} of the run. It is opened on first use and kept in the root store,
 * which closes it (stopping the service and the stub) when the run ends. A target that failed to open fails every
 * test with the same cause instead of being retried for each. Every skip (a test or a whole class that needs what
 * the target cannot offer) is printed with its reason, so nothing is skipped unnoticed.
 */
public final class ContractExtension implements ParameterResolver, TestWatcher,
        LifecycleMethodExecutionExceptionHandler {

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

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        String method = context.getTestMethod().map(java.lang.reflect.Method::getName).orElse("?");
        System.out.println("[contract-tests] SKIPPED " + context.getRequiredTestClass().getSimpleName() + "." + method
                + " " + context.getDisplayName() + ": " + cause.getMessage());
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {
        System.out.println("[contract-tests] SKIPPED " + context.getDisplayName() + ": " + reason.orElse("disabled"));
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        if (throwable instanceof TestAbortedException) {
            System.out.println("[contract-tests] SKIPPED all of " + context.getRequiredTestClass().getSimpleName()
                    + ": " + throwable.getMessage());
        }
        throw throwable;
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
