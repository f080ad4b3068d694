package io.gatehouse.browser;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.NotFoundException;
import com.google.zxing.ChecksumException;
import com.google.zxing.FormatException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import javax.imageio.ImageIO;

/** What a phone's camera does with the enrollment page: finds the QR code in a picture of it and reads it. */
final class QrScanner {

    private QrScanner() {
    }

    /**
     * The QR code on the page the browser shows, read as a phone would read the screen: the code is scrolled
     * into view first (the focused field below it may have scrolled it away), and the screen is looked at again
     * a few times while the page settles.
     */
    static String read(Browser browser) {
        ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeScript(
                "var qr = document.querySelector('svg'); if (qr) { qr.scrollIntoView({block: 'center'}); }");
        AssertionError last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                return read(browser.screenshot());
            } catch (AssertionError e) {
                last = e;
                try {
                    Thread.sleep(200);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        throw last;
    }

    /** The text of the one QR code in a PNG screenshot. */
    static String read(byte[] png) {
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(png));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image)));
        try {
            return new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE)).getText();
        } catch (NotFoundException | ChecksumException | FormatException e) {
            throw new AssertionError("No readable QR code in the screenshot", e);
        }
    }
}
