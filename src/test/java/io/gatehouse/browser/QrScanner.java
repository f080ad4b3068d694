package io.gatehouse.browser;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.ChecksumException;
import com.google.zxing.DecodeHintType;
import com.google.zxing.FormatException;
import com.google.zxing.NotFoundException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import javax.imageio.ImageIO;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;

/** What a phone's camera does with the enrollment page: finds the QR code in a picture of it and reads it. */
final class QrScanner {

    private QrScanner() {}

    /**
     * The QR code on the page the browser shows, read as a phone would read the screen: the code is scrolled
     * into view first (the focused field below it may have scrolled it away), and the screen is looked at again
     * a few times while the page settles.
     */
    static String read(Browser browser) {
        ((org.openqa.selenium.JavascriptExecutor) browser.driver())
                .executeScript(
                        "var qr = document.querySelector('svg'); if (qr) { qr.scrollIntoView({block: 'center'}); }");
        AssertionError last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                return read(browser.screenshot());
            } catch (AssertionError e) {
                last = e;
            }
            try {
                // A closer look, as a phone held nearer: the code alone, enlarged, with a white margin around it.
                return read(closeUp(browser));
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

    /** The QR code's element alone, drawn three times its size on white with a margin of its own width. */
    private static BufferedImage closeUp(Browser browser) {
        WebElement code = browser.driver().findElement(By.cssSelector("svg"));
        BufferedImage shot = image(code.getScreenshotAs(OutputType.BYTES));
        int scale = 3;
        int margin = shot.getWidth() * scale / 4;
        BufferedImage closeUp = new BufferedImage(
                shot.getWidth() * scale + 2 * margin,
                shot.getHeight() * scale + 2 * margin,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D canvas = closeUp.createGraphics();
        canvas.setColor(Color.WHITE);
        canvas.fillRect(0, 0, closeUp.getWidth(), closeUp.getHeight());
        canvas.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        canvas.drawImage(shot, margin, margin, shot.getWidth() * scale, shot.getHeight() * scale, null);
        canvas.dispose();
        return closeUp;
    }

    private static BufferedImage image(byte[] png) {
        try {
            return ImageIO.read(new ByteArrayInputStream(png));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text of the one QR code in a PNG screenshot. */
    static String read(byte[] png) {
        return read(image(png));
    }

    private static String read(BufferedImage image) {
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image)));
        try {
            return new QRCodeReader()
                    .decode(bitmap, Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE))
                    .getText();
        } catch (NotFoundException | ChecksumException | FormatException e) {
            throw new AssertionError("No readable QR code in the screenshot", e);
        }
    }
}
