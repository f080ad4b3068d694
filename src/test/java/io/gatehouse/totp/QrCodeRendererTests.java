package io.gatehouse.totp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.LuminanceSource;
import com.google.zxing.Result;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.util.Base64;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

class QrCodeRendererTests {

    private static final String URI =
            "otpauth://totp/ACME%20Co:john.doe%40email.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=ACME%20Co";

    private final QrCodeRenderer renderer = new QrCodeRenderer();

    @Test
    void pngWhenDecodedThenYieldsExactUri() throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(renderer.png(URI)));

        assertThat(decode(image)).isEqualTo(URI);
    }

    @Test
    void pngDataUriWhenDecodedThenYieldsExactUri() throws Exception {
        String dataUri = renderer.pngDataUri(URI);
        assertThat(dataUri).startsWith("data:image/png;base64,");
        byte[] png = Base64.getDecoder().decode(dataUri.substring("data:image/png;base64,".length()));

        assertThat(decode(ImageIO.read(new ByteArrayInputStream(png)))).isEqualTo(URI);
    }

    @Test
    void svgWhenRenderedThenWellFormedWithOnePath() throws Exception {
        String svg = renderer.svg(URI, "QR code <for> \"you\" & me");
        Document document =
                DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(svg)));

        assertThat(document.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(document.getDocumentElement().getAttribute("aria-label")).isEqualTo("QR code <for> \"you\" & me");
        assertThat(document.getElementsByTagName("path").getLength()).isEqualTo(1);
        assertThat(document.getElementsByTagName("rect").getLength()).isEqualTo(1);
        assertThat(svg.length()).isLessThan(20_000);
    }

    private static String decode(BufferedImage image) throws Exception {
        Result result = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new ImageLuminance(image))));
        return result.getText();
    }

    /** The few lines of zxing's javase module the test needs: grey levels of a BufferedImage. */
    private static final class ImageLuminance extends LuminanceSource {

        private final byte[] grey;

        ImageLuminance(BufferedImage image) {
            super(image.getWidth(), image.getHeight());
            grey = new byte[image.getWidth() * image.getHeight()];
            for (int y = 0; y < image.getHeight(); y++) {
                for (int x = 0; x < image.getWidth(); x++) {
                    int rgb = image.getRGB(x, y);
                    int luminance = (((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) * 2 + (rgb & 0xff)) / 4;
                    grey[y * image.getWidth() + x] = (byte) luminance;
                }
            }
        }

        @Override
        public byte[] getRow(int y, byte[] row) {
            byte[] out = row != null && row.length >= getWidth() ? row : new byte[getWidth()];
            System.arraycopy(grey, y * getWidth(), out, 0, getWidth());
            return out;
        }

        @Override
        public byte[] getMatrix() {
            return grey;
        }
    }
}
