/** A connection URL fit for messages and logs: its password replaced by ***. */
export const redactUrl = (url: string): string => url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
