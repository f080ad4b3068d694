package io.gatehouse.browser;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class only where Chromium and its driver are installed; elsewhere the class is skipped before its
 * Spring context starts, and the build log says why in one line.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresChromium.Condition.class)
@interface RequiresChromium {

    /** The check behind {@link RequiresChromium}. */
    final class Condition implements ExecutionCondition {

        private static final AtomicBoolean REPORTED = new AtomicBoolean();

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return Chromium.missing()
                    .map(reason -> {
                        if (REPORTED.compareAndSet(false, true)) {
                            System.out.println("[WARNING] " + reason);
                        }
                        return ConditionEvaluationResult.disabled(reason);
                    })
                    .orElseGet(() -> ConditionEvaluationResult.enabled("Chromium and chromedriver found"));
        }
    }
}
