// PL011 UART (Arm PrimeCell UART TRM): only what bare-metal code needs. The
// data register at offset 0 transmits a byte; the flag register reports an
// empty transmit FIFO so polling loops terminate; other registers read as
// their reset values and ignore writes, as QEMU's model does for an idle UART.
import { MmioDevice } from './bus';

const UARTDR = 0x000, UARTFR = 0x018, UARTCR = 0x030, UARTIMSC = 0x038;
const FR_TXFE = 1 << 7, FR_RXFE = 1 << 4;
// PrimeCell identification registers at 0xFE0..0xFFC (PL011 r1p5, as QEMU reports).
const ID = [0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1];

export class Pl011 implements MmioDevice {
  readonly name = 'pl011';
  readonly size = 0x1000;
  private cr = 0x300;
  private imsc = 0;
  constructor(readonly base: number, private readonly out: (byte: number) => void) {}

  read(offset: number, _bytes: number): number {
    switch (offset) {
      case UARTDR: return 0;
      case UARTFR: return FR_TXFE | FR_RXFE;
      case UARTCR: return this.cr;
      case UARTIMSC: return this.imsc;
      default:
        if (offset >= 0xfe0 && offset < 0x1000 && (offset & 3) === 0) return ID[(offset - 0xfe0) >> 2];
        return 0;
    }
  }

  write(offset: number, _bytes: number, lo: number, _hi: number): void {
    switch (offset) {
      case UARTDR: this.out(lo & 0xff); break;
      case UARTCR: this.cr = lo & 0xffff; break;
      case UARTIMSC: this.imsc = lo & 0x7ff; break;
      default: break;
    }
  }
}
