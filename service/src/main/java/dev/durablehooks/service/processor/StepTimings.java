package dev.durablehooks.service.processor;

import java.time.Duration;

/** Where the processor reports what it did (metrics). */
public interface StepTimings {
    StepTimings NONE = new StepTimings() {
        @Override
        public void stepRan(String step, Duration took, boolean succeeded) {
        }

        @Override
        public void finished(String status) {
        }
    };

    /** One run of a step's function (not replays). */
    void stepRan(String step, Duration took, boolean succeeded);

    /** The webhook reached a terminal status in this process. */
    void finished(String status);
}
