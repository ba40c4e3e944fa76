import type { ChatMessages } from "../i18n/chat-messages";
export type { RoomPageData } from "../chat/page-data";

/** The chat's frame: a live log, its connection state and a send form the script reveals. */
export function ChatPanel({ t }: { t: ChatMessages }) {
  return (
    <section class="chat" aria-labelledby="chat-heading">
      <h2 id="chat-heading">{t.chat}</h2>
      <p id="chat-state" role="status" class="muted">
        {t.needsJs}
      </p>
      {/* Focusable, so a keyboard can scroll a long history; announced live once the replay is done (room.ts). */}
      <ol id="log" class="log" tabindex={0} aria-labelledby="chat-heading" aria-live="off"></ol>
      <form id="chat-form" class="send" hidden>
        <label for="chat-text">{t.message}</label>
        <input id="chat-text" name="text" maxlength={4000} autocomplete="off" required />
        <button type="submit">{t.send}</button>
      </form>
    </section>
  );
}
