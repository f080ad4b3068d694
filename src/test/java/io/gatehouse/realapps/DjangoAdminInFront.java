package io.gatehouse.realapps;

import io.gatehouse.support.MutableClock;

/**
 * Django's admin with Gatehouse in front of it, configured by {@code docs/recipes/django-admin.md}, for tests outside
 * this package (the Chromium journey in {@code io.gatehouse.browser}).
 */
public final class DjangoAdminInFront implements AutoCloseable {

    private final DjangoAdmin django;
    private final GatehouseInFront gatehouse;

    private DjangoAdminInFront(DjangoAdmin django, GatehouseInFront gatehouse) {
        this.django = django;
        this.gatehouse = gatehouse;
    }

    /** Starts Django (its admin user made by {@code createsuperuser}) and Gatehouse in front of it. */
    public static DjangoAdminInFront start() {
        DjangoAdmin django = (DjangoAdmin) new DjangoAdmin().started();
        try {
            return new DjangoAdminInFront(django, GatehouseInFront.start(DjangoAdminIntegrationTests.RECIPE, django));
        } catch (RuntimeException | Error e) {
            django.close();
            throw e;
        }
    }

    /** Gatehouse's port on 127.0.0.1. */
    public int port() {
        return gatehouse.port();
    }

    /** Gatehouse's clock, which checks passcodes. */
    public MutableClock clock() {
        return gatehouse.clock();
    }

    public String user() {
        return django.adminUser();
    }

    public String password() {
        return django.adminPassword();
    }

    /** How many lines of Django's request log contain {@code text}. */
    public long logged(String text) {
        return django.logLines().stream().filter(line -> line.contains(text)).count();
    }

    @Override
    public void close() {
        try {
            gatehouse.close();
        } finally {
            django.close();
        }
    }
}
