package io.gatehouse.proxy;

import io.netty.util.Timeout;
import io.netty.util.Timer;
import io.netty.util.TimerTask;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;

/**
 * Emits {@code 0} once {@code delay} has passed since subscription, timed on a shared hashed-wheel timer. Many
 * requests each start and nearly always cancel one of these: a wheel takes both without a lock, where
 * {@code Mono.delay} would enter and leave a scheduled executor's locked queue for each.
 */
final class WheelDelay extends Mono<Long> {

    private final Timer timer;
    private final long delayMillis;

    WheelDelay(Timer timer, Duration delay) {
        this.timer = timer;
        this.delayMillis = delay.toMillis();
    }

    @Override
    public void subscribe(CoreSubscriber<? super Long> actual) {
        Pending pending = new Pending(actual);
        actual.onSubscribe(pending);
        pending.start(timer, delayMillis);
    }

    /** One subscription: the value goes out when the time is up and it has been requested, unless cancelled. */
    private static final class Pending implements Subscription, TimerTask {

        private static final AtomicIntegerFieldUpdater<Pending> SIGNALLED =
                AtomicIntegerFieldUpdater.newUpdater(Pending.class, "signalled");

        private final CoreSubscriber<? super Long> actual;
        private volatile Timeout timeout;
        private volatile boolean cancelled;
        private volatile boolean requested;
        private volatile boolean due;
        /** 1 once the value or an error went out: never two signals. */
        private volatile int signalled;

        Pending(CoreSubscriber<? super Long> actual) {
            this.actual = actual;
        }

        void start(Timer timer, long delayMillis) {
            Timeout scheduled;
            try {
                scheduled = timer.newTimeout(this, delayMillis, TimeUnit.MILLISECONDS);
            } catch (IllegalStateException e) {
                // The timer is stopped: the application is shutting down.
                if (SIGNALLED.compareAndSet(this, 0, 1)) {
                    actual.onError(e);
                }
                return;
            }
            timeout = scheduled;
            if (cancelled) {
                scheduled.cancel();
            }
        }

        @Override
        public void run(Timeout fired) {
            due = true;
            emitIfReady();
        }

        @Override
        public void request(long n) {
            if (n > 0) {
                requested = true;
                emitIfReady();
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
            Timeout scheduled = timeout;
            if (scheduled != null) {
                scheduled.cancel();
            }
        }

        private void emitIfReady() {
            if (due && requested && !cancelled && SIGNALLED.compareAndSet(this, 0, 1)) {
                actual.onNext(0L);
                actual.onComplete();
            }
        }
    }
}
